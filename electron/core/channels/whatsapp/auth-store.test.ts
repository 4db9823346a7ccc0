import fs from 'node:fs';
import { BufferJSON, initAuthCreds, makeCacheableSignalKeyStore, proto } from '@whiskeysockets/baileys';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { hasLinkedSession, isLinkedCreds, loadWhatsAppAuth, wipeWhatsAppAuth } from './auth-store';
import { addNumber, tempStore, type TempStore } from './testing/helpers';

const logger = pino({ level: 'silent' });
const json = (v: unknown) => JSON.stringify(v, BufferJSON.replacer);
/** The device identity the phone signs on pairing (its content does not matter here). */
const LINKED_ACCOUNT = { details: Buffer.from('d'), accountSignatureKey: Buffer.alloc(32), accountSignature: Buffer.alloc(64), deviceSignature: Buffer.alloc(64) };

let store: TempStore;
afterEach(() => store?.cleanup());

describe('SQLite auth state', () => {
  it('round-trips real creds, so a linked number reconnects without a new QR', () => {
    store = tempStore();
    const id = addNumber(store.db);
    const first = loadWhatsAppAuth(store.db, store.box, id);
    expect(first.state.creds.registered).toBe(false);
    // Baileys mutates creds in place and then emits creds.update. A QR link sets me/account, never registered.
    Object.assign(first.state.creds, { me: { id: '5511900000001:3@s.whatsapp.net', name: 'Loja' }, account: LINKED_ACCOUNT });
    first.saveCreds();

    const again = loadWhatsAppAuth(store.db, store.box, id);
    expect(json(again.state.creds)).toBe(json(first.state.creds));
    expect(Buffer.isBuffer(again.state.creds.noiseKey.private)).toBe(true);
    expect(hasLinkedSession(store.db, id)).toBe(true);
  });

  it('linked means the phone signed our device (me + account), whatever creds.registered says', () => {
    expect(isLinkedCreds({ me: { id: '5511900000001:3@s.whatsapp.net' }, account: LINKED_ACCOUNT })).toBe(true);
    // requestPairingCode writes `me` before the phone confirmed anything.
    expect(isLinkedCreds({ me: { id: '5511900000001@s.whatsapp.net', name: '~' } })).toBe(false);
    expect(isLinkedCreds({})).toBe(false);
  });

  it('sessions saved before the me+account rule are recognised by reading the sealed creds', () => {
    store = tempStore();
    const id = addNumber(store.db);
    const auth = loadWhatsAppAuth(store.db, store.box, id);
    Object.assign(auth.state.creds, { me: { id: '5511900000001:3@s.whatsapp.net' }, account: LINKED_ACCOUNT });
    auth.saveCreds();
    store.db.prepare('UPDATE wa_creds SET registered = 0').run(); // as an older Recado stored a QR link
    expect(hasLinkedSession(store.db, id)).toBe(false);
    expect(hasLinkedSession(store.db, id, store.box)).toBe(true);
  });

  it('stores keys through makeCacheableSignalKeyStore: multi-type batches, app-state-sync-key, deletions', async () => {
    store = tempStore();
    const id = addNumber(store.db);
    const creds = initAuthCreds();
    const auth = loadWhatsAppAuth(store.db, store.box, id);
    const keys = makeCacheableSignalKeyStore(auth.state.keys, logger);
    const syncKey = proto.Message.AppStateSyncKeyData.fromObject({
      keyData: Buffer.from('0123456789abcdef0123456789abcdef'),
      fingerprint: { rawId: 7, currentIndex: 1, deviceIndexes: [0, 1] },
      timestamp: 1_700_000_000,
    });
    await keys.set({
      'pre-key': { '1': creds.signedIdentityKey, '2': creds.noiseKey },
      session: { '5511987654321.0': Buffer.from('session-bytes') },
      'app-state-sync-key': { AAAAAQ: syncKey },
      'lid-mapping': { '5511987654321': '123456789@lid' },
    });

    // A fresh store (no cache) reads what is on disk.
    const disk = loadWhatsAppAuth(store.db, store.box, id).state.keys;
    const pre = await disk.get('pre-key', ['1', '2', '3']);
    expect(Object.keys(pre).sort()).toEqual(['1', '2']);
    expect(Buffer.from(pre['1'].private).equals(Buffer.from(creds.signedIdentityKey.private))).toBe(true);
    expect(Buffer.from((await disk.get('session', ['5511987654321.0']))['5511987654321.0']).toString()).toBe('session-bytes');
    const sync = (await disk.get('app-state-sync-key', ['AAAAAQ']))['AAAAAQ'];
    expect(sync).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(sync.keyData!).toString()).toBe('0123456789abcdef0123456789abcdef');
    expect(sync.fingerprint?.rawId).toBe(7);
    expect((await disk.get('lid-mapping', ['5511987654321']))['5511987654321']).toBe('123456789@lid');

    // null deletes; other ids and types are untouched.
    await keys.set({ 'pre-key': { '1': null }, session: { '5511987654321.0': null } });
    const after = loadWhatsAppAuth(store.db, store.box, id).state.keys;
    expect(Object.keys(await after.get('pre-key', ['1', '2']))).toEqual(['2']);
    expect(await after.get('session', ['5511987654321.0'])).toEqual({});
    // Through the cache a deleted key reads as null (Baileys' own "missing").
    const cached = await keys.get('pre-key', ['1', '2']);
    expect(cached['1']).toBeFalsy();
    expect(cached['2']).toBeTruthy();
  });

  it('writes a multi-type batch in one transaction: all or nothing', async () => {
    store = tempStore();
    const id = addNumber(store.db);
    const keys = loadWhatsAppAuth(store.db, store.box, id).state.keys;
    const bad = { toJSON: () => 1n } as unknown as Uint8Array; // JSON.stringify throws on BigInt
    expect(() => keys.set({ session: { a: Buffer.from('x') }, 'sender-key': { b: bad } })).toThrow();
    expect(await keys.get('session', ['a'])).toEqual({});
  });

  it('keeps key material encrypted at rest', async () => {
    store = tempStore();
    const id = addNumber(store.db);
    const auth = loadWhatsAppAuth(store.db, store.box, id);
    auth.saveCreds();
    const secret = Buffer.from('very-secret-session-material-0123456789');
    await auth.state.keys.set({ session: { s1: secret }, 'pre-key': { '9': auth.state.creds.noiseKey } });
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = fs.readFileSync(store.file);
    const needles = [
      secret,
      Buffer.from(secret.toString('base64')),
      Buffer.from(auth.state.creds.noiseKey.private).subarray(0, 16),
      Buffer.from(Buffer.from(auth.state.creds.noiseKey.private).toString('base64').slice(0, 20)),
      Buffer.from(Buffer.from(auth.state.creds.signedIdentityKey.private).toString('base64').slice(0, 20)),
      Buffer.from('noiseKey'),
      Buffer.from('advSecretKey'),
    ];
    for (const n of needles) expect(bytes.includes(n)).toBe(false);
    // …and a different key cannot read it.
    const { AesGcmSecretBox } = await import('../../secrets/secret-box');
    const other = new AesGcmSecretBox(Buffer.alloc(32, 1), 'memory');
    expect(() => loadWhatsAppAuth(store.db, other, id)).toThrow(/corrompido|alterado/);
  });

  it('wipes one number without touching another; removing the number removes its session', async () => {
    store = tempStore();
    const a = addNumber(store.db, 'A');
    const b = addNumber(store.db, 'B');
    for (const id of [a, b]) {
      const auth = loadWhatsAppAuth(store.db, store.box, id);
      Object.assign(auth.state.creds, { me: { id: `551190000000${id}:3@s.whatsapp.net` }, account: LINKED_ACCOUNT });
      auth.saveCreds();
      await auth.state.keys.set({ session: { s: Buffer.from('x') } });
    }
    wipeWhatsAppAuth(store.db, a);
    expect(hasLinkedSession(store.db, a)).toBe(false);
    expect(loadWhatsAppAuth(store.db, store.box, a).state.creds.me).toBeUndefined();
    expect(hasLinkedSession(store.db, b)).toBe(true);

    store.db.prepare('DELETE FROM numbers WHERE id = ?').run(b);
    expect(store.db.prepare('SELECT COUNT(*) AS n FROM wa_keys').get()).toEqual({ n: 0 });
    expect(hasLinkedSession(store.db, b)).toBe(false);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { CoreContext } from '../../context';
import { EventBus } from '../../events';
import { planState } from '../../license/gate';
import { silentLogger } from '../../log/logger';
import { SecretsStore } from '../../secrets/secrets-store';
import { SettingsStore } from '../../settings/settings-store';
import { hasLinkedSession } from './auth-store';
import { maskIds } from './baileys-logger';
import { baileysSocketFactory } from './default-socket';
import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';
import { createCore } from '../../core';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { acceptTestStandIn } from './test-switch';
import { tempStore, waitFor, type TempStore } from './testing/helpers';
import { trustStandIn, WaStandIn } from './testing/wa-server';
import { whatsappHandlers, type CheckLimits } from './whatsapp-handlers';
import { WhatsAppService } from './whatsapp-service';
import { InternalBus } from '../../internal-events';

const ACCOUNT = '5511900000001';
const LIMIT = 15_000;

let store: TempStore | undefined;
const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  store?.cleanup();
  store = undefined;
});

/** The WhatsApp protocol stand-in (one per test): the handlers drive the real Baileys socket. */
let wa: WaStandIn | null = null;
async function standIn(): Promise<WaStandIn> {
  if (!wa) {
    const server = await WaStandIn.start({ media: false });
    const untrust = trustStandIn(server);
    wa = server;
    closers.unshift(async () => {
      untrust();
      await server.stop();
      wa = null;
    });
  }
  return wa;
}

async function core(opts: { numbers?: number; checks?: CheckLimits } = {}) {
  const server = await standIn();
  const st = (store ??= tempStore());
  const events = new EventBus();
  const seen: Array<{ name: string; payload: any }> = [];
  events.subscribe((name, payload) => seen.push({ name, payload }));
  const plan = planState('trial');
  plan.limits.numbers = opts.numbers ?? 1;
  const ctx: CoreContext = {
    mode: 'browser',
    dataDir: '/nonexistent',
    db: st.db,
    settings: new SettingsStore(st.db),
    secrets: new SecretsStore(st.db, st.box),
    secretBox: st.box,
    logger: silentLogger(),
    events,
    internal: new InternalBus(),
    plan: { current: () => plan },
    onClose: (fn) => closers.push(fn),
  };
  const service = new WhatsAppService({
    db: st.db,
    secretBox: st.box,
    logger: ctx.logger,
    socketFactory: baileysSocketFactory,
    waWebSocketUrl: server.url,
    channelOptions: { backoff: { baseMs: 5, maxMs: 20 } },
  });
  closers.push(() => service.close());
  const h = whatsappHandlers(ctx, service, opts.checks);
  /** The phone scans the latest QR of `numberId` shown so far. */
  const scan = async (numberId: number, phone = ACCOUNT) => {
    const qr = await waitFor(() => seen.filter((e) => e.name === 'whatsapp.qr' && e.payload.numberId === numberId).at(-1), 'qr event', LIMIT);
    await server.scanQr(phone, qr.payload.qr);
  };
  return { ctx, h, seen, service, wa: server, scan };
}

const row = (id: number) => store!.db.prepare('SELECT * FROM numbers WHERE id = ?').get(id) as Record<string, unknown> | undefined;

describe('whatsapp.* handlers', () => {
  it('links by QR: QR events, then "conectado" with the phone saved; survives a restart without a QR', async () => {
    const { h, seen, scan } = await core();
    const { numberId } = await h['whatsapp.link']({ label: 'Loja Centro', method: 'qr' });
    const qr = await waitFor(() => seen.find((e) => e.name === 'whatsapp.qr'), 'qr event', LIMIT);
    expect(qr.payload).toMatchObject({ numberId, qr: expect.stringContaining('wa.me/settings/linked_devices#') });
    await scan(numberId);
    const connected = await waitFor(() => seen.find((e) => e.name === 'whatsapp.status' && e.payload.state === 'connected'), 'connected', LIMIT);
    expect(connected.payload).toMatchObject({ numberId, message: 'Conectado.' });
    expect(row(numberId)).toMatchObject({ kind: 'whatsapp', label: 'Loja Centro', status: 'connected', phone: '+5511900000001' });
    expect(await h['whatsapp.status']({ numberId })).toMatchObject({ state: 'connected', qr: null });
    expect(seen.some((e) => e.name === 'numbers.changed' && e.payload.id === numberId)).toBe(true);

    // "Restart": close the service, build a new one on the same database (the stand-in stays up).
    for (const c of closers.splice(1).reverse()) await c();
    const second = await core();
    await waitFor(() => second.seen.find((e) => e.name === 'whatsapp.status' && e.payload.state === 'connected'), 'reconnected after restart', LIMIT);
    expect(second.seen.some((e) => e.name === 'whatsapp.qr')).toBe(false);
  });

  it('pairing code: validates the phone and pushes the 8-character code', async () => {
    const { h, seen, wa: server } = await core();
    await expect(h['whatsapp.link']({ label: 'X', method: 'pairing', phone: '123' })).rejects.toMatchObject({ code: 'whatsapp.invalid_phone' });
    server.account('5511987654321');
    const { numberId } = await h['whatsapp.link']({ label: 'Loja', method: 'pairing', phone: '(11) 98765-4321' });
    const code = await waitFor(() => seen.find((e) => e.name === 'whatsapp.pairingCode'), 'pairing code', LIMIT);
    expect(code.payload).toEqual({ numberId, code: expect.stringMatching(/^[A-Z0-9]{8}$/) });
    await server.enterPairingCode('5511987654321', code.payload.code);
    await waitFor(() => row(numberId)?.status === 'connected', 'connected', LIMIT);
    expect(row(numberId)).toMatchObject({ phone: '+5511987654321' });
  });

  it('refuses numbers beyond the plan limit with a pt-BR explanation', async () => {
    const { h } = await core({ numbers: 1 });
    await h['whatsapp.link']({ label: 'Um', method: 'qr' });
    await expect(h['whatsapp.link']({ label: 'Dois', method: 'qr' })).rejects.toMatchObject({
      code: 'whatsapp.number_limit',
      message: expect.stringContaining('permite 1 número'),
    });
  });

  it('logout and remove wipe the session; remove deletes the number', async () => {
    const { h, seen, scan } = await core({ numbers: 2 });
    const { numberId } = await h['whatsapp.link']({ label: 'Loja', method: 'qr' });
    await scan(numberId);
    await waitFor(() => row(numberId)?.status === 'connected', 'connected', LIMIT);
    expect(hasLinkedSession(store!.db, numberId)).toBe(true);
    await h['whatsapp.logout']({ numberId });
    expect(hasLinkedSession(store!.db, numberId)).toBe(false);
    expect(seen.filter((e) => e.name === 'whatsapp.status').at(-1)?.payload).toMatchObject({ numberId, state: 'logged_out', reason: 'user_logout' });

    const other = await h['whatsapp.link']({ label: 'Outra', method: 'qr' });
    await scan(other.numberId, '5511900000002');
    await waitFor(() => row(other.numberId)?.status === 'connected', 'second connected', LIMIT);
    await h['whatsapp.remove']({ numberId: other.numberId });
    expect(row(other.numberId)).toBeUndefined();
    expect(store!.db.prepare('SELECT COUNT(*) AS n FROM wa_creds WHERE number_id = ?').get(other.numberId)).toEqual({ n: 0 });
    await expect(h['whatsapp.status']({ numberId: other.numberId })).rejects.toMatchObject({ code: 'whatsapp.not_found' });
  });

  it('checkList: counts how many contacts of a list are on WhatsApp, with progress', async () => {
    const { h, seen, scan, wa: server } = await core();
    await expect(h['whatsapp.checkList']({ listId: 1 })).rejects.toMatchObject({ code: 'whatsapp.list_not_found' });
    const db = store!.db;
    const now = Date.now();
    const listId = Number(db.prepare('INSERT INTO lists (name, created_at) VALUES (?, ?)').run('Clientes', now).lastInsertRowid);
    const phones = ['+5511987654321', '+5521999990000', '+5531911112222', '+5541933334444'];
    for (const p of phones) {
      const cid = Number(db.prepare('INSERT INTO contacts (phone_key, created_at, updated_at) VALUES (?, ?, ?)').run(p, now, now).lastInsertRowid);
      db.prepare('INSERT INTO contact_lists (list_id, contact_id) VALUES (?, ?)').run(listId, cid);
    }
    await expect(h['whatsapp.checkList']({ listId })).rejects.toMatchObject({ code: 'whatsapp.no_connected_number' });

    const { numberId } = await h['whatsapp.link']({ label: 'Loja', method: 'qr' });
    await scan(numberId);
    await waitFor(() => row(numberId)?.status === 'connected', 'connected', LIMIT);
    // One contact only has the old 8-digit spelling registered; one is not on WhatsApp at all.
    for (const p of ['551187654321', '5521999990000', '5541933334444']) server.contact(p);
    const res = await h['whatsapp.checkList']({ listId });
    expect(res).toEqual({ listId, total: 4, onWhatsApp: 3, notOnWhatsApp: 1 });
    expect(seen.filter((e) => e.name === 'whatsapp.checkProgress').at(-1)?.payload).toEqual({ listId, checked: 4, total: 4 });
    const cached = db.prepare("SELECT jid FROM wa_checks WHERE phone_key = '+5511987654321'").get();
    expect(cached).toEqual({ jid: '551187654321@s.whatsapp.net' });
  });

  it('checkList paces its lookups and stops at the daily ceiling of the number, saying so', async () => {
    const pauses: number[] = [];
    const checks: CheckLimits = { pauseMs: () => 1234, dailyLimit: 110, wait: async (ms) => void pauses.push(ms) };
    const { h, scan, wa: server } = await core({ checks });
    const db = store!.db;
    const now = Date.now();
    const listId = Number(db.prepare('INSERT INTO lists (name, created_at) VALUES (?, ?)').run('Clientes', now).lastInsertRowid);
    // 60 landlines (one spelling each): 50 + 10 lookups per run.
    for (let i = 0; i < 60; i++) {
      const phone = `+55113${String(1000000 + i)}`;
      const cid = Number(db.prepare('INSERT INTO contacts (phone_key, created_at, updated_at) VALUES (?, ?, ?)').run(phone, now, now).lastInsertRowid);
      db.prepare('INSERT INTO contact_lists (list_id, contact_id) VALUES (?, ?)').run(listId, cid);
      if (i % 2 === 0) server.contact(phone.slice(1));
    }
    const { numberId } = await h['whatsapp.link']({ label: 'Loja', method: 'qr' });
    await scan(numberId);
    await waitFor(() => row(numberId)?.status === 'connected', 'connected', LIMIT);

    expect(await h['whatsapp.checkList']({ listId })).toEqual({ listId, total: 60, onWhatsApp: 30, notOnWhatsApp: 30 });
    expect(pauses).toEqual([1234]); // a pause between the two batches, none before the first
    db.prepare('DELETE FROM wa_checks').run(); // forget the answers: the next run asks again
    const second = await h['whatsapp.checkList']({ listId });
    expect(second).toMatchObject({ total: 50, unchecked: 10, note: expect.stringContaining('limite diário de 110') });
    db.prepare('DELETE FROM wa_checks').run();
    await expect(h['whatsapp.checkList']({ listId })).rejects.toMatchObject({ code: 'whatsapp.check_limit', message: expect.stringContaining('limite diário') });
  });
});

describe('safety', () => {
  it('the stand-in switch is a hidden serve flag: sources only, NODE_ENV=test, a 127.0.0.1 URL and a root key', () => {
    const root = 'ab'.repeat(32);
    const url = 'ws://127.0.0.1:4999/ws/chat';
    const ok = { env: { NODE_ENV: 'test' }, fromSources: true, packaged: false };
    expect(acceptTestStandIn({ url, rootKey: root }, ok)).toEqual({ ok: true, standIn: { url, rootKey: root } });
    expect(acceptTestStandIn({ url, rootKey: root }, { ...ok, env: { NODE_ENV: 'production' } })).toMatchObject({ ok: false, reason: expect.stringMatching(/NODE_ENV=test/) });
    expect(acceptTestStandIn({ url, rootKey: root }, { ...ok, fromSources: false })).toMatchObject({ ok: false, reason: expect.stringMatching(/código-fonte/) });
    expect(acceptTestStandIn({ url, rootKey: root }, { ...ok, packaged: true })).toMatchObject({ ok: false });
    expect(acceptTestStandIn({ url: 'wss://web.whatsapp.com/ws/chat', rootKey: root }, ok)).toMatchObject({ ok: false, reason: expect.stringMatching(/127\.0\.0\.1/) });
    expect(acceptTestStandIn({ url: 'http://127.0.0.1:4999/', rootKey: root }, ok)).toMatchObject({ ok: false });
    expect(acceptTestStandIn({ url }, ok)).toMatchObject({ ok: false, reason: expect.stringMatching(/raiz de teste/) });
  });

  it('a normal start ignores the old environment variables, even with NODE_ENV=test', async () => {
    const before = Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY);
    const saved = { ...process.env };
    process.env.NODE_ENV = 'test';
    process.env.RECADO_TEST_WA_URL = 'ws://127.0.0.1:4999/ws/chat';
    process.env.RECADO_TEST_WA_ROOT_KEY = 'ab'.repeat(32);
    const tmp = makeTempDir('recado-wa-switch-');
    const core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
    try {
      await new Promise((r) => setImmediate(r));
      expect(core.context.testWhatsApp).toBeUndefined();
      expect(Buffer.from(WA_CERT_DETAILS.PUBLIC_KEY).equals(before)).toBe(true);
    } finally {
      await core.close();
      tmp.cleanup();
      for (const k of ['RECADO_TEST_WA_URL', 'RECADO_TEST_WA_ROOT_KEY', 'NODE_ENV']) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    }
  });

  it('masks WhatsApp ids and phone numbers in what Baileys logs', () => {
    expect(maskIds('own LID 5511987654321:7@s.whatsapp.net / 123456789012@lid, +5511987654321')).toBe('own LID [jid] / [jid], [number]');
    expect(maskIds('uploaded 30 pre-keys')).toBe('uploaded 30 pre-keys');
  });
});

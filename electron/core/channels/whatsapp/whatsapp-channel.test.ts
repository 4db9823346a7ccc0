import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import { ChannelSendError } from '../errors';
import type { ChannelStatus, InboundEvent, ReceiptEvent, SignalEvent } from '../types';
import { hasLinkedSession, loadWhatsAppAuth, wipeWhatsAppAuth } from './auth-store';
import { sqliteCheckCache } from './number-check';
import { closeError, FakeWhatsAppNetwork, type FakeWhatsAppSocket } from './testing/fake-socket';
import { addNumber, tempStore, waitFor, type TempStore } from './testing/helpers';
import { WhatsAppChannel, WhatsAppStartError } from './whatsapp-channel';

const CONTACT = '5511987654321';
const CONTACT_JID = `${CONTACT}@s.whatsapp.net`;

let store: TempStore | undefined;
const channels: WhatsAppChannel[] = [];
afterEach(async () => {
  for (const c of channels.splice(0)) await c.stop();
  store?.cleanup();
  store = undefined;
});

function setup(opts: { net?: FakeWhatsAppNetwork; numberId?: number } = {}) {
  const st = (store ??= tempStore());
  const net = opts.net ?? new FakeWhatsAppNetwork();
  const numberId = opts.numberId ?? addNumber(st.db);
  const channel = new WhatsAppChannel({
    id: String(numberId),
    numberId,
    auth: { load: () => loadWhatsAppAuth(st.db, st.box, numberId), wipe: () => wipeWhatsAppAuth(st.db, numberId) },
    socketFactory: net.factory,
    logger: silentLogger(),
    checkCache: sqliteCheckCache(st.db),
    backoff: { baseMs: 5, maxMs: 20 },
    typingRefreshMs: 50,
  });
  channels.push(channel);
  const seen = { statuses: [] as ChannelStatus[], receipts: [] as ReceiptEvent[], inbound: [] as InboundEvent[], signals: [] as SignalEvent[], qrs: [] as Array<{ qr: string; expiresAt: number }>, codes: [] as string[] };
  channel.on('status', (s) => seen.statuses.push(s));
  channel.on('receipt', (r) => seen.receipts.push(r));
  channel.on('inbound', (m) => seen.inbound.push(m));
  channel.on('signal', (s) => seen.signals.push(s));
  channel.on('qr', (q) => seen.qrs.push(q));
  channel.on('pairingCode', (p) => seen.codes.push(p.code));
  return { net, channel, numberId, seen };
}

/** Starts a channel and takes it through QR → scan → 515 restart → open. */
async function linked(opts: { net?: FakeWhatsAppNetwork } = {}) {
  const s = setup(opts);
  const started = s.channel.start();
  const first = await waitFor(() => s.net.sockets[0], 'socket');
  first.emitQr('qr-1');
  first.pair();
  first.close(515);
  const second = await waitFor(() => s.net.sockets[1], 'socket after 515');
  second.open();
  await started;
  return { ...s, sock: second };
}

const nextSocket = (net: FakeWhatsAppNetwork, count: number): Promise<FakeWhatsAppSocket> => waitFor(() => net.sockets[count], `socket #${count + 1}`);

describe('WhatsAppChannel: linking, sending, receipts, replies', () => {
  it('QR → open → send → delivered/read → reply → opt-out, and a restart needs no QR', async () => {
    const { net, channel, numberId, seen } = setup();
    const started = channel.start();
    expect(channel.status().state).toBe('connecting');
    const sock = await nextSocket(net, 0);

    sock.emitQr('qr-first');
    await waitFor(() => seen.qrs.length === 1, 'qr');
    expect(channel.status()).toMatchObject({ state: 'qr', qr: 'qr-first' });
    sock.emitQr('qr-second');
    await waitFor(() => seen.qrs.length === 2, 'second qr');
    // The first QR lives longer than the following ones.
    expect(seen.qrs[0].expiresAt - Date.now()).toBeGreaterThan(30_000);
    expect(seen.qrs[1].expiresAt - Date.now()).toBeLessThanOrEqual(20_000);

    // The phone scans: Baileys saves creds and restarts with 515; we reconnect with the same session.
    sock.pair();
    sock.close(515);
    const sock2 = await nextSocket(net, 1);
    expect(sock2.options.auth.creds.registered).toBe(true);
    expect(hasLinkedSession(store!.db, numberId)).toBe(true);
    sock2.open();
    await started;
    expect(channel.status().state).toBe('connected');
    expect(channel.phone).toBe('5511900000001');

    const messageId = channel.newMessageId();
    const result = await channel.send({ messageId, jid: CONTACT_JID, text: 'Oi Ana! Veja https://loja.example' });
    expect(result.messageId).toBe(messageId);
    expect(net.sent).toEqual([{ numberId, jid: CONTACT_JID, messageId, content: { text: 'Oi Ana! Veja https://loja.example', linkPreview: null } }]);

    sock2.receipt(messageId, 2); // server ack: nothing for the engine
    sock2.receipt(messageId, 3);
    sock2.receipt(messageId, 3);
    sock2.receipt(messageId, 4, { remoteJid: '99887766@lid' }); // matched by id, whatever the address
    sock2.receipt(messageId, 3); // never backwards
    sock2.receipt('SOMEONE-ELSES', 9);
    await waitFor(() => seen.receipts.length >= 2, 'receipts');
    expect(seen.receipts.map((r) => [r.messageId, r.status])).toEqual([
      [messageId, 'delivered'],
      [messageId, 'read'],
    ]);

    sock2.inbound({ remoteJid: CONTACT_JID, text: 'Quero saber o preço', quotedId: messageId });
    sock2.inbound({ remoteJid: CONTACT_JID, text: 'SAIR' });
    await waitFor(() => seen.inbound.length === 2, 'replies');
    expect(seen.inbound[0]).toMatchObject({ from: `+${CONTACT}`, jid: CONTACT_JID, text: 'Quero saber o preço', quotedMessageId: messageId });
    expect(seen.inbound[1]).toMatchObject({ from: `+${CONTACT}`, text: 'SAIR' });
    expect(seen.inbound[1].quotedMessageId).toBeUndefined();

    // Restart: a new channel on the same database connects without any QR.
    await channel.stop();
    expect(channel.status()).toMatchObject({ state: 'disconnected', reason: 'stopped' });
    const after = setup({ net, numberId });
    const again = after.channel.start();
    const sock3 = await nextSocket(net, 2);
    expect(sock3.options.auth.creds.registered).toBe(true);
    expect(sock3.options.auth.creds.me?.id).toBe('5511900000001:7@s.whatsapp.net');
    sock3.open();
    await again;
    expect(after.seen.qrs).toEqual([]);
    expect(after.channel.status().state).toBe('connected');
  });

  it('ignores our own messages, groups, broadcasts, status and history; maps @lid senders', async () => {
    const { sock, seen, net } = await linked();
    net.lidToPn.set('4455@lid', '5521988887777:0@s.whatsapp.net');
    sock.inbound({ remoteJid: CONTACT_JID, text: 'eco', fromMe: true });
    sock.inbound({ remoteJid: '120363000000@g.us', text: 'grupo' });
    sock.inbound({ remoteJid: 'status@broadcast', text: 'status' });
    sock.inbound({ remoteJid: CONTACT_JID, text: 'antiga', type: 'append' });
    sock.inbound({ remoteJid: '1122@lid', remoteJidAlt: '5531977776666@s.whatsapp.net', text: 'via alt' });
    sock.inbound({ remoteJid: '4455@lid', text: 'via mapping' });
    sock.inbound({ remoteJid: '9999@lid', text: 'sem mapeamento' });
    await waitFor(() => seen.inbound.length === 3, 'lid replies');
    expect(seen.inbound.map((m) => [m.from, m.jid, m.text])).toEqual([
      ['+5531977776666', '5531977776666@s.whatsapp.net', 'via alt'],
      ['+5521988887777', '5521988887777@s.whatsapp.net', 'via mapping'],
      ['', '9999@lid', 'sem mapeamento'],
    ]);
  });

  it('sends media from disk with captions, voice notes as ptt, and keeps previews off', async () => {
    const { channel, net } = await linked();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-wa-media-'));
    try {
      const img = path.join(dir, 'foto.jpg');
      const ogg = path.join(dir, 'audio.ogg');
      fs.writeFileSync(img, 'jpeg');
      fs.writeFileSync(ogg, 'ogg');
      await channel.send({ messageId: 'M1', jid: CONTACT_JID, text: 'Olha a promoção', attachment: { kind: 'image', path: img, mimeType: 'image/jpeg' } });
      await channel.send({ messageId: 'M2', jid: CONTACT_JID, text: 'Ouça', attachment: { kind: 'audio', path: ogg, mimeType: 'audio/ogg; codecs=opus', ptt: true } });
      await channel.send({ messageId: 'M3', jid: CONTACT_JID, text: 'Catálogo', attachment: { kind: 'document', path: img, mimeType: 'application/pdf', fileName: 'catalogo.pdf' } });
      expect(net.sent.map((s) => [s.messageId, s.content])).toEqual([
        ['M1', { image: { url: img }, caption: 'Olha a promoção', mimetype: 'image/jpeg' }],
        ['M2', { audio: { url: ogg }, mimetype: 'audio/ogg; codecs=opus', ptt: true }],
        [undefined, { text: 'Ouça', linkPreview: null }],
        ['M3', { document: { url: img }, mimetype: 'application/pdf', fileName: 'catalogo.pdf', caption: 'Catálogo' }],
      ]);
      await expect(
        channel.send({ messageId: 'M4', jid: CONTACT_JID, text: '', attachment: { kind: 'image', path: path.join(dir, 'sumiu.jpg'), mimeType: 'image/jpeg' } }),
      ).rejects.toMatchObject({ code: 'MEDIA_INVALID', transient: false });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps send failures to channel error codes and honours aborts at once', async () => {
    const { channel, net } = await linked();
    net.nextSendError = closeError(429, 'rate-overlimit');
    await expect(channel.send({ messageId: 'A', jid: CONTACT_JID, text: 'x' })).rejects.toMatchObject({ code: 'RATE_LIMITED', transient: true });
    net.nextSendError = closeError(463);
    await expect(channel.send({ messageId: 'B', jid: CONTACT_JID, text: 'x' })).rejects.toMatchObject({ code: 'RESTRICTED', transient: false });
    net.nextSendError = new Error('something odd');
    await expect(channel.send({ messageId: 'C', jid: CONTACT_JID, text: 'x' })).rejects.toMatchObject({ code: 'UNKNOWN', transient: false });
    await expect(channel.send({ messageId: 'D', jid: 'not-a-jid', text: 'x' })).rejects.toMatchObject({ code: 'INVALID_JID' });

    const before = new AbortController();
    before.abort();
    await expect(channel.send({ messageId: 'E', jid: CONTACT_JID, text: 'x' }, before.signal)).rejects.toMatchObject({ code: 'ABORTED' });

    // Aborted while WhatsApp has it: rejected at once, and not retryable (it may have gone out).
    let release!: () => void;
    net.sendGate = new Promise((r) => (release = r));
    const ac = new AbortController();
    const attempts = net.sendAttempts;
    const inFlight = channel.send({ messageId: 'F', jid: CONTACT_JID, text: 'x' }, ac.signal);
    await waitFor(() => net.sendAttempts > attempts, 'send in flight');
    ac.abort();
    await expect(inFlight).rejects.toMatchObject({ code: 'ABORTED', transient: false, detail: 'in_flight' });
    release();
    net.sendGate = null;
  });

  it('types with "composing" renewed for long typing, then "paused"; an abort stops it', async () => {
    const { channel, sock } = await linked();
    await channel.sendTyping(CONTACT_JID, 120);
    expect(sock.presences.map((p) => p.type)).toEqual(['composing', 'composing', 'composing', 'paused']);
    expect(new Set(sock.presences.map((p) => p.jid))).toEqual(new Set([CONTACT_JID]));

    sock.presences.length = 0;
    const ac = new AbortController();
    const typing = channel.sendTyping(CONTACT_JID, 60_000, ac.signal);
    await waitFor(() => sock.presences.length === 1, 'composing');
    ac.abort();
    await expect(typing).rejects.toMatchObject({ code: 'ABORTED' });
    await waitFor(() => sock.presences.at(-1)?.type === 'paused', 'paused');

    // stop() ends typing too, and sending afterwards says "not connected".
    const long = channel.sendTyping(CONTACT_JID, 60_000);
    await channel.stop();
    await expect(long).rejects.toBeInstanceOf(ChannelSendError);
    await expect(channel.send({ messageId: 'Z', jid: CONTACT_JID, text: 'x' })).rejects.toMatchObject({ code: 'NOT_CONNECTED' });
  });
});

describe('WhatsAppChannel: close codes', () => {
  it('515 reconnects at once; 428/408/503 back off and reconnect', async () => {
    const { net, channel, seen } = await linked();
    for (const [code, reason] of [
      [428, 'connection_closed'],
      [408, 'connection_lost'],
      [503, 'service_unavailable'],
    ] as const) {
      const n = net.sockets.length;
      net.last.close(code);
      expect(channel.status()).toMatchObject({ state: 'reconnecting', reason });
      const next = await nextSocket(net, n);
      next.open();
      await waitFor(() => channel.status().state === 'connected', 'reconnected');
    }
    const n = net.sockets.length;
    net.last.close(515);
    expect(channel.status().state).toBe('connecting');
    (await nextSocket(net, n)).open();
    await waitFor(() => channel.status().state === 'connected', 'reconnected after 515');
    expect(seen.signals).toEqual([]);
  });

  it('401: wipes the session, says "logged out" and waits for a new QR', async () => {
    const { net, channel, numberId } = await linked();
    const n = net.sockets.length;
    net.last.close(401);
    expect(channel.status()).toMatchObject({ state: 'logged_out', reason: 'logged_out' });
    expect(hasLinkedSession(store!.db, numberId)).toBe(false);
    await expect(channel.send({ messageId: 'X', jid: CONTACT_JID, text: 'x' })).rejects.toMatchObject({ code: 'LOGGED_OUT' });
    await new Promise((r) => setTimeout(r, 40));
    expect(net.sockets.length).toBe(n); // no reconnect loop
    // "Gerar novo": a new start shows a fresh QR on fresh creds.
    void channel.start();
    const fresh = await nextSocket(net, n);
    expect(fresh.options.auth.creds.registered).toBe(false);
  });

  it('440: stops and explains another WhatsApp Web took over; 405: outdated version', async () => {
    for (const [code, reason] of [
      [440, 'connection_replaced'],
      [405, 'outdated_version'],
    ] as const) {
      const { net, channel, numberId } = await linked();
      const n = net.sockets.length;
      net.last.close(code);
      expect(channel.status()).toMatchObject({ state: 'error', reason });
      await new Promise((r) => setTimeout(r, 40));
      expect(net.sockets.length).toBe(n);
      expect(hasLinkedSession(store!.db, numberId)).toBe(true); // the session is still good
    }
  });

  it('403: restricted, "banned" signal, sends refused', async () => {
    const { net, channel, seen } = await linked();
    net.last.close(403);
    expect(channel.status()).toMatchObject({ state: 'restricted', reason: 'banned' });
    expect(seen.signals.map((s) => s.kind)).toEqual(['banned']);
    await expect(channel.send({ messageId: 'X', jid: CONTACT_JID, text: 'x' })).rejects.toMatchObject({ code: 'BANNED', transient: false });
  });

  it('500: backs off, and wipes the session only when it keeps failing', async () => {
    const { net, channel, numberId } = await linked();
    net.last.close(500);
    expect(channel.status()).toMatchObject({ state: 'reconnecting', reason: 'bad_session' });
    let next = await nextSocket(net, 2);
    next.close(500);
    expect(hasLinkedSession(store!.db, numberId)).toBe(true);
    next = await nextSocket(net, 3);
    next.close(500);
    expect(channel.status()).toMatchObject({ state: 'logged_out', reason: 'bad_session' });
    expect(hasLinkedSession(store!.db, numberId)).toBe(false);
  });

  it('QR codes running out (408 before login): disconnected with qr_timeout, and "gerar novo" starts over', async () => {
    const { net, channel, seen } = setup();
    const started = channel.start();
    const sock = await nextSocket(net, 0);
    sock.emitQr('qr-a');
    sock.close(408);
    await expect(started).rejects.toBeInstanceOf(WhatsAppStartError);
    expect(channel.status()).toMatchObject({ state: 'disconnected', reason: 'qr_timeout' });
    await new Promise((r) => setTimeout(r, 40));
    expect(net.sockets.length).toBe(1);

    void channel.start();
    const again = await nextSocket(net, 1);
    again.emitQr('qr-b');
    await waitFor(() => seen.qrs.length === 2, 'new qr');
    expect(channel.status()).toMatchObject({ state: 'qr', qr: 'qr-b' });
  });

  it('pairing code: asked once the socket is up and not registered', async () => {
    const { net, channel, seen } = setup();
    void channel.pairWithPhone('+55 (11) 98765-4321');
    const sock = await nextSocket(net, 0);
    sock.emitQr('qr-ignored');
    await waitFor(() => seen.codes.length === 1, 'pairing code');
    expect(seen.codes).toEqual(['ABCD1234']);
    expect(net.pairingRequests).toEqual(['5511987654321']);
    expect(channel.status()).toMatchObject({ state: 'qr', reason: 'pairing_code' });
    expect(seen.qrs).toEqual([]);
    sock.emitQr('qr-ignored-2');
    await new Promise((r) => setTimeout(r, 20));
    expect(net.pairingRequests).toHaveLength(1);
  });
});

describe('WhatsAppChannel: number checks and ban signals', () => {
  it('Brazilian 9th digit: uses the jid WhatsApp returns, caches it, batches by 50', async () => {
    const { channel, net } = await linked();
    net.registered = new Set(['551187654321', '5521999990000']);
    const res = await channel.checkNumbers([
      ['5511987654321', '551187654321'],
      ['5521999990000', '552199990000'],
      ['5531911112222', '553111112222'],
    ]);
    expect(res.map((r) => r.jid)).toEqual(['551187654321@s.whatsapp.net', '5521999990000@s.whatsapp.net', null]);
    expect(net.onWhatsAppCalls).toHaveLength(1);
    expect(net.onWhatsAppCalls[0]).toHaveLength(6);

    // Cached: no second question to WhatsApp.
    const again = await channel.checkNumbers([['5511987654321', '551187654321']]);
    expect(again[0].jid).toBe('551187654321@s.whatsapp.net');
    expect(net.onWhatsAppCalls).toHaveLength(1);

    net.registered = null;
    const many = Array.from({ length: 60 }, (_, i) => [`55119${String(70000000 + i)}`]);
    const progress: number[] = [];
    const out = await channel.checkNumbers(many, { onProgress: (d) => progress.push(d) });
    expect(out.every((r) => r.jid !== null)).toBe(true);
    expect(net.onWhatsAppCalls.slice(1).map((c) => c.length)).toEqual([50, 10]);
    expect(progress.at(-1)).toBe(60);
  });

  it('capping warnings, reach-out time lock and 463 errors become signals', async () => {
    const { sock, seen } = await linked();
    sock.emit('message-capping.update', { capping_status: 'NONE' as never });
    sock.emit('message-capping.update', { capping_status: 'FIRST_WARNING' as never, used_quota: 40, total_quota: 50 });
    sock.emit('connection.update', { reachoutTimeLock: { isActive: true, timeEnforcementEnds: new Date('2030-01-02T03:04:05Z') } });
    sock.receipt('MSG463', 0, { code: '463' });
    await waitFor(() => seen.signals.length === 3, 'signals');
    expect(seen.signals.map((s) => [s.kind, s.detail])).toEqual([
      ['capping_warning', 'FIRST_WARNING'],
      ['reachout_timelock', '2030-01-02T03:04:05.000Z'],
      ['restricted_463', '463'],
    ]);
    expect(seen.receipts).toEqual([expect.objectContaining({ messageId: 'MSG463', status: 'error', code: '463' })]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import { ChannelSendError } from '../errors';
import type { ChannelStatus, InboundEvent, ReceiptEvent, SignalEvent } from '../types';
import { loadWhatsAppAuth, wipeWhatsAppAuth } from './auth-store';
import { sqliteCheckCache } from './number-check';
import { FakeWhatsAppNetwork, iqError, type FakeWhatsAppSocket } from './testing/fake-socket';
import { addNumber, tempStore, waitFor, type TempStore } from './testing/helpers';

/*
 * Unit tests on the fake socket, kept only for states the protocol stand-in cannot reach in a
 * test's time: a send held in flight and aborted (Baileys does not wait for the server's ack),
 * arbitrary Baileys errors thrown by sendMessage, QR codes running out (Baileys needs six refs
 * and about three minutes of real time), the typing renewal cadence and the batching of number
 * checks. Linking, sending, receipts, replies and close codes run on the real protocol in
 * whatsapp-protocol.test.ts.
 */
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
  it('maps send failures to channel error codes and honours aborts at once', async () => {
    const { channel, net } = await linked();
    net.nextSendError = iqError(429, 'rate-overlimit');
    await expect(channel.send({ messageId: 'A', jid: CONTACT_JID, text: 'x' })).rejects.toMatchObject({ code: 'RATE_LIMITED', transient: true });
    net.nextSendError = iqError(463, 'restricted');
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
    expect(sock.presences.map((p) => p.type)).toEqual(['subscribe', 'composing', 'composing', 'composing', 'paused']);
    expect(new Set(sock.presences.map((p) => p.jid))).toEqual(new Set([CONTACT_JID]));

    sock.presences.length = 0;
    const ac = new AbortController();
    const typing = channel.sendTyping(CONTACT_JID, 60_000, ac.signal);
    await waitFor(() => sock.presences.length === 1, 'composing');
    expect(sock.presences[0].type).toBe('composing'); // subscribed once per socket
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

});

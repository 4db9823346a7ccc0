/**
 * The WhatsApp channel on the real protocol: the production WhatsAppService and socket factory
 * (unchanged `makeWASocket`) against the local WhatsApp Web stand-in (testing/wa-server), which
 * speaks WebSocket + Noise + binary nodes + Signal. Assertions read what the simulated phone and
 * contacts really received and decrypted.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import type { ChannelStatus, InboundEvent, ReceiptEvent, SignalEvent } from '../types';
import { hasLinkedSession } from './auth-store';
import { createLinkPreviewer } from './link-preview';
import { baileysSocketFactory, bundledWaVersion } from './default-socket';
import { addNumber, tempStore, waitFor, type TempStore } from './testing/helpers';
import { trustStandIn, WaStandIn } from './testing/wa-server';
import type { WhatsAppChannel } from './whatsapp-channel';
import { WhatsAppService, type WhatsAppServiceEvent, type WhatsAppServiceOptions } from './whatsapp-service';

const ACCOUNT = '5511900000001';
const CUSTOMER = '5511987654321';
const LIMIT = 15_000;

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

interface Seen {
  events: WhatsAppServiceEvent[];
  statuses: ChannelStatus[];
  receipts: ReceiptEvent[];
  inbound: InboundEvent[];
  signals: SignalEvent[];
}

async function setup(opts: { media?: boolean } = {}) {
  const wa = await WaStandIn.start({ media: opts.media ?? true });
  cleanups.push(() => wa.stop());
  cleanups.push(trustStandIn(wa));
  const st: TempStore = tempStore();
  cleanups.push(() => st.cleanup());
  const numberId = addNumber(st.db);
  const services: WhatsAppService[] = [];
  const make = (extra: Partial<WhatsAppServiceOptions> = {}) => {
    const service = new WhatsAppService({
      db: st.db,
      secretBox: st.box,
      logger: silentLogger(),
      socketFactory: baileysSocketFactory,
      waWebSocketUrl: wa.url,
      ...extra,
      channelOptions: { backoff: { baseMs: 20, maxMs: 80 }, typingRefreshMs: 30, ...extra.channelOptions },
    });
    services.push(service);
    cleanups.push(() => service.close());
    const seen: Seen = { events: [], statuses: [], receipts: [], inbound: [], signals: [] };
    service.subscribe((e) => {
      seen.events.push(e);
      if (e.type === 'status') seen.statuses.push(e.status);
    });
    const row = () => st.db.prepare('SELECT id, kind, label, phone, config FROM numbers WHERE id = ?').get(numberId) as { id: number; kind: string; label: string };
    const channel = (): WhatsAppChannel => {
      const c = service.channelFor(row());
      if (!(c as unknown as { __seen?: boolean }).__seen) {
        (c as unknown as { __seen?: boolean }).__seen = true;
        c.on('receipt', (r) => seen.receipts.push(r));
        c.on('inbound', (m) => seen.inbound.push(m));
        c.on('signal', (s) => seen.signals.push(s));
      }
      return c;
    };
    return { service, seen, channel };
  };
  return { wa, st, numberId, make };
}

/** Links the number by QR: the stand-in's phone scans the QR the channel emitted. */
async function linkByQr(s: Awaited<ReturnType<typeof setup>>, phone = ACCOUNT, extra: Partial<WhatsAppServiceOptions> = {}) {
  const app = s.make(extra);
  const channel = app.channel();
  const started = channel.start();
  const qr = await waitFor(() => app.seen.events.find((e) => e.type === 'qr'), 'qr', LIMIT);
  if (qr.type !== 'qr') throw new Error('unreachable');
  expect(qr.qr).toMatch(/^https:\/\/wa\.me\/settings\/linked_devices#/);
  await s.wa.scanQr(phone, qr.qr);
  await started;
  await s.wa.waitForConnection(phone);
  return { ...app, channel };
}

function tmpFile(name: string, data: Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-wa-media-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
}

/** The first page of an Ogg Opus stream (enough for the voice-note check; no audio decoding here). */
function oggOpus(): Buffer {
  const head = Buffer.concat([Buffer.from('OpusHead', 'latin1'), Buffer.from([1, 1, 0x38, 0x01, 0x80, 0xbb, 0, 0, 0, 0, 0])]);
  const page = Buffer.concat([Buffer.from('OggS', 'latin1'), Buffer.from([0, 2]), Buffer.alloc(20), Buffer.from([1, head.length]), head]);
  return Buffer.concat([page, Buffer.alloc(200, 7)]);
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** A 1×1 PNG: small, but a real image the thumbnail maker can decode. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** A shop's page with Open Graph tags, on 127.0.0.1, counting what was fetched. */
async function offerSite() {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/foto.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(PIXEL);
      return;
    }
    const host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<html><head><meta property="og:title" content="Promoção de verão"><meta property="og:description" content="Tudo com 30% de desconto"><meta property="og:image" content="${host}/foto.png"></head><body>…</body></html>`,
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  let open = true;
  const close = () => (open ? ((open = false), server.closeAllConnections(), new Promise<void>((r) => server.close(() => r()))) : Promise.resolve());
  cleanups.push(close);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close };
}

describe('linking on the real protocol', () => {
  it('links by QR, and after a restart the number reconnects by itself (QR links never set creds.registered)', async () => {
    const s = await setup({ media: false });
    const first = await linkByQr(s);
    expect(first.channel.status().state).toBe('connected');
    expect(first.channel.phone).toBe(ACCOUNT);
    const row = s.st.db.prepare('SELECT phone, status FROM numbers WHERE id = ?').get(s.numberId);
    expect(row).toMatchObject({ phone: `+${ACCOUNT}`, status: 'connected' });
    expect(hasLinkedSession(s.st.db, s.numberId, s.st.box)).toBe(true);

    // "Restart the core": a new service on the same database resumes linked numbers.
    await first.service.close();
    const loginsBefore = s.wa.stats.logins;
    const second = s.make();
    second.service.resumeLinked();
    await waitFor(() => second.seen.statuses.some((st) => st.state === 'connected'), 'resumed', LIMIT);
    expect(second.seen.events.some((e) => e.type === 'qr')).toBe(false);
    expect(s.wa.stats.logins).toBe(loginsBefore + 1);
  });

  it('links by pairing code, for an account still registered without the 9th digit', async () => {
    const s = await setup({ media: false });
    const oldAccount = '551187654321'; // 55 11 8765-4321: opened before the 9th digit
    s.wa.account(oldAccount, 'Loja Antiga');
    const app = s.make();
    const { pairingDigits } = await import('./whatsapp-handlers');
    const digits = pairingDigits('(11) 8765-4321');
    expect(digits).toBe(oldAccount);
    const started = app.channel().pairWithPhone(digits);
    const code = await waitFor(() => app.seen.events.find((e) => e.type === 'pairingCode'), 'pairing code', LIMIT);
    if (code.type !== 'pairingCode') throw new Error('unreachable');
    expect(code.code).toMatch(/^[A-Z0-9]{8}$/);
    await s.wa.enterPairingCode(oldAccount, code.code);
    await started;
    expect(app.channel().phone).toBe(oldAccount);
    expect(hasLinkedSession(s.st.db, s.numberId, s.st.box)).toBe(true);
  });

  it('without a reachable server, a new link says so instead of spinning, and never "a conexão caiu"', async () => {
    const s = await setup({ media: false });
    const closed = await WaStandIn.start({ media: false });
    const url = closed.url;
    await closed.stop(); // nothing listens there any more: connection refused
    const app = s.make({ waWebSocketUrl: url });
    await expect(app.channel().start()).rejects.toMatchObject({ reason: 'no_network' });
    expect(app.channel().status()).toMatchObject({ state: 'error', reason: 'no_network' });
    expect(app.seen.statuses.map((x) => x.reason)).not.toContain('connection_lost');
    expect(app.seen.statuses.map((x) => x.state)).not.toContain('reconnecting');
  });

  it('gives up on a QR that never comes, with the reason', async () => {
    const s = await setup({ media: false });
    s.wa.behavior.silent = true;
    const app = s.make({ channelOptions: { linkTimeoutMs: 300 } });
    await expect(app.channel().start()).rejects.toMatchObject({ reason: 'qr_unavailable' });
    expect(app.channel().status()).toMatchObject({ state: 'error', reason: 'qr_unavailable' });
  });
});

describe('sending and receiving on the real protocol', () => {
  it('delivers text, image, document and a voice note that the contact decrypts; receipts come back', async () => {
    const s = await setup();
    const app = await linkByQr(s);
    const contact = s.wa.contact(CUSTOMER);
    const ch = app.channel;
    const [check] = await ch.checkNumbers([[CUSTOMER]]);
    expect(check.jid).toBe(`${CUSTOMER}@s.whatsapp.net`);
    const jid = check.jid!;

    await ch.sendTyping(jid, 40);
    expect(s.wa.stats.presenceSubscriptions).toContain(jid);
    await waitFor(() => s.wa.stats.chatstates.some((c) => c.state === 'paused'), 'paused', LIMIT);
    expect(s.wa.stats.chatstates.map((c) => c.state)).toEqual(expect.arrayContaining(['composing', 'paused']));

    await ch.send({ messageId: ch.newMessageId(), jid, text: 'Olá, Maria!' });
    const image = tmpFile('foto.png', PNG);
    const imageId = ch.newMessageId();
    await ch.send({ messageId: imageId, jid, text: 'Veja a foto', attachment: { kind: 'image', path: image, mimeType: 'image/png' } });
    const doc = tmpFile('tabela.pdf', Buffer.from('%PDF-1.4 tabela de preços'));
    await ch.send({ messageId: ch.newMessageId(), jid, text: 'Tabela', attachment: { kind: 'document', path: doc, mimeType: 'application/pdf', fileName: 'tabela.pdf' } });
    const voice = tmpFile('recado.ogg', oggOpus());
    const voiceId = ch.newMessageId();
    await ch.send({ messageId: voiceId, jid, text: '', attachment: { kind: 'audio', path: voice, mimeType: 'audio/ogg', ptt: true } });

    const text = await contact.waitForMessage((m) => !!(m.message.conversation ?? m.message.extendedTextMessage?.text));
    expect(text.message.conversation ?? text.message.extendedTextMessage?.text).toBe('Olá, Maria!');
    const img = await contact.waitForMessage((m) => m.id === imageId);
    expect(img.message.imageMessage?.caption).toBe('Veja a foto');
    expect(img.media?.equals(PNG)).toBe(true);
    const pdf = await contact.waitForMessage((m) => !!m.message.documentMessage || !!m.message.documentWithCaptionMessage);
    const docMsg = pdf.message.documentMessage ?? pdf.message.documentWithCaptionMessage?.message?.documentMessage;
    expect(docMsg?.fileName).toBe('tabela.pdf');
    expect(pdf.media?.toString()).toBe('%PDF-1.4 tabela de preços');
    const ptt = await contact.waitForMessage((m) => m.id === voiceId);
    expect(ptt.message.audioMessage).toMatchObject({ ptt: true, mimetype: 'audio/ogg; codecs=opus' });
    expect(ptt.media?.equals(oggOpus())).toBe(true);

    await s.wa.receipt(contact, ACCOUNT, imageId, 'delivered');
    await waitFor(() => app.seen.receipts.some((r) => r.messageId === imageId && r.status === 'delivered'), 'delivered receipt', LIMIT);
    await s.wa.receipt(contact, ACCOUNT, imageId, 'read');
    await waitFor(() => app.seen.receipts.some((r) => r.messageId === imageId && r.status === 'read'), 'read receipt', LIMIT);
    expect(app.seen.receipts.filter((r) => r.messageId === imageId).map((r) => r.status)).toEqual(['delivered', 'read']);
  });

  it('sends non-Opus audio marked as voice note as a plain audio file (it would not play as ptt)', async () => {
    const s = await setup();
    const app = await linkByQr(s);
    const contact = s.wa.contact(CUSTOMER);
    const mp3 = tmpFile('musica.mp3', Buffer.concat([Buffer.from('ID3'), Buffer.alloc(100, 1)]));
    const id = app.channel.newMessageId();
    await app.channel.send({ messageId: id, jid: `${CUSTOMER}@s.whatsapp.net`, text: '', attachment: { kind: 'audio', path: mp3, mimeType: 'audio/mpeg', ptt: true } });
    const got = await contact.waitForMessage((m) => m.id === id);
    expect(got.message.audioMessage).toMatchObject({ ptt: false, mimetype: 'audio/mpeg' });
  });

  it('sends a link with its preview (title, description, picture), fetching the page once; unreachable → a plain link', async () => {
    const site = await offerSite();
    const s = await setup();
    // The only test-only part: the stand-in's site is on 127.0.0.1, which real previews refuse.
    const app = await linkByQr(s, ACCOUNT, { channelOptions: { linkPreviewer: createLinkPreviewer({ allowPrivateHosts: true }) } });
    const contact = s.wa.contact(CUSTOMER);
    const jid = `${CUSTOMER}@s.whatsapp.net`;
    const text = `Oferta de hoje: ${site.url}/oferta corre!`;

    const first = app.channel.newMessageId();
    await app.channel.send({ messageId: first, jid, text, linkPreview: true });
    const second = app.channel.newMessageId();
    await app.channel.send({ messageId: second, jid, text, linkPreview: true });
    for (const id of [first, second]) {
      const got = await contact.waitForMessage((m) => m.id === id);
      const ext = got.message.extendedTextMessage;
      expect(ext).toMatchObject({ text, matchedText: `${site.url}/oferta`, title: 'Promoção de verão', description: 'Tudo com 30% de desconto' });
      expect(ext?.jpegThumbnail?.length ?? 0).toBeGreaterThan(0);
    }
    expect(site.hits.filter((h) => h === '/oferta')).toHaveLength(1);

    // Off: no fetch, a plain link.
    const off = app.channel.newMessageId();
    await app.channel.send({ messageId: off, jid, text: `Sem prévia: ${site.url}/outra`, linkPreview: false });
    const plain = await contact.waitForMessage((m) => m.id === off);
    expect(plain.message.extendedTextMessage?.title ?? null).toBeNull();
    expect(site.hits).not.toContain('/outra');

    // The site is down (offline PC, site out): the message still goes, as a plain link.
    await site.close();
    const down = app.channel.newMessageId();
    await app.channel.send({ messageId: down, jid, text: `Veja ${site.url}/fora`, linkPreview: true });
    const got = await contact.waitForMessage((m) => m.id === down);
    expect(got.message.conversation ?? got.message.extendedTextMessage?.text).toBe(`Veja ${site.url}/fora`);
    expect(got.message.extendedTextMessage?.title ?? null).toBeNull();
  });

  it('sends a location as a map pin the contact decrypts, with the text right after it', async () => {
    const s = await setup();
    const app = await linkByQr(s);
    const contact = s.wa.contact(CUSTOMER);
    const id = app.channel.newMessageId();
    await app.channel.send({
      messageId: id,
      jid: `${CUSTOMER}@s.whatsapp.net`,
      text: 'Estamos aqui, venha nos visitar!',
      location: { latitude: -23.5614, longitude: -46.6559, name: 'Loja Paulista', address: 'Av. Paulista, 1000 - São Paulo' },
    });
    const pin = await contact.waitForMessage((m) => m.id === id);
    expect(pin.message.locationMessage).toMatchObject({ degreesLatitude: -23.5614, degreesLongitude: -46.6559, name: 'Loja Paulista', address: 'Av. Paulista, 1000 - São Paulo' });
    const text = await contact.waitForMessage((m) => (m.message.conversation ?? m.message.extendedTextMessage?.text) === 'Estamos aqui, venha nos visitar!');
    expect(text.id).not.toBe(id);
  });

  it('receives a location a contact shares as its name, address and a map link', async () => {
    const s = await setup({ media: false });
    const contact = s.wa.contact(CUSTOMER);
    const app = await linkByQr(s);
    const id = await s.wa.sendLocation(contact, ACCOUNT, { latitude: -22.9068, longitude: -43.1729, name: 'Minha casa', address: 'Rua do Ouvidor, 50 - Rio de Janeiro' });
    const got = await waitFor(() => app.seen.inbound.find((m) => m.messageId === id), 'shared location', LIMIT);
    expect(got).toMatchObject({ from: `+${CUSTOMER}`, text: '📍 Minha casa\nRua do Ouvidor, 50 - Rio de Janeiro\nhttps://maps.google.com/?q=-22.9068,-43.1729' });
  });

  it('answers a retry request after a restart with the full stored content, media included (getMessage)', async () => {
    const s = await setup();
    const app = await linkByQr(s);
    const contact = s.wa.contact(CUSTOMER);
    const image = tmpFile('foto.png', PNG);
    const id = app.channel.newMessageId();
    await app.channel.send({ messageId: id, jid: `${CUSTOMER}@s.whatsapp.net`, text: 'Promoção', attachment: { kind: 'image', path: image, mimeType: 'image/png' } });
    const first = await contact.waitForMessage((m) => m.id === id);
    // A new socket has an empty retry cache: the answer must come from what the app stored.
    await app.service.close();
    const again = s.make();
    again.service.resumeLinked();
    await waitFor(() => again.seen.statuses.some((x) => x.state === 'connected'), 'reconnected', LIMIT);
    await s.wa.waitForConnection(ACCOUNT);
    await s.wa.requestRetry(contact, ACCOUNT, id);
    const copies = await waitFor(() => (contact.inbox.filter((m) => m.id === id).length >= 2 ? contact.inbox.filter((m) => m.id === id) : null), 'resent copy', LIMIT);
    expect(copies[1].message.imageMessage?.caption).toBe('Promoção');
    expect(Buffer.from(copies[1].message.imageMessage!.mediaKey!).equals(Buffer.from(first.message.imageMessage!.mediaKey!))).toBe(true);
    expect(copies[1].media?.equals(PNG)).toBe(true);
  });

  it('receives live replies, replays offline ones (append) once, ignores groups and status, and maps LIDs', async () => {
    const s = await setup({ media: false });
    const contact = s.wa.contact(CUSTOMER);
    const app = await linkByQr(s);
    const ch = app.channel;

    const liveId = await s.wa.sendText(contact, ACCOUNT, 'Tenho interesse');
    await waitFor(() => app.seen.inbound.some((m) => m.messageId === liveId), 'live reply', LIMIT);
    await s.wa.sendText(contact, ACCOUNT, 'mensagem no grupo', { chat: 'group' });
    await s.wa.sendText(contact, ACCOUNT, 'meu status', { chat: 'status' });

    // The PC goes off; the contact writes meanwhile; on reconnect WhatsApp replays it (append).
    await app.service.close();
    const offlineId = await s.wa.sendText(contact, ACCOUNT, 'SAIR');
    const again = s.make();
    again.service.resumeLinked();
    const ch2 = again.channel();
    await waitFor(() => again.seen.inbound.some((m) => m.messageId === offlineId), 'offline reply', LIMIT);
    const offline = again.seen.inbound.find((m) => m.messageId === offlineId)!;
    expect(offline).toMatchObject({ from: `+${CUSTOMER}`, text: 'SAIR' });

    // A LID-only message from the same contact resolves to the phone (mapping learnt from history).
    const lidId = await s.wa.sendText(contact, ACCOUNT, 'PARAR', { via: 'lid' });
    await waitFor(() => again.seen.inbound.some((m) => m.messageId === lidId), 'lid reply', LIMIT);
    expect(again.seen.inbound.find((m) => m.messageId === lidId)).toMatchObject({ from: `+${CUSTOMER}`, text: 'PARAR' });

    // The same message delivered again (a replay after a dropped ack) is handled once.
    await s.wa.sendText(contact, ACCOUNT, 'PARAR', { via: 'lid', id: lidId });
    const marker = await s.wa.sendText(contact, ACCOUNT, 'fim');
    await waitFor(() => again.seen.inbound.some((m) => m.messageId === marker), 'marker', LIMIT);
    expect(again.seen.inbound.filter((m) => m.messageId === lidId)).toHaveLength(1);
    expect([...app.seen.inbound, ...again.seen.inbound].map((m) => m.text)).not.toContain('mensagem no grupo');
    expect([...app.seen.inbound, ...again.seen.inbound].map((m) => m.text)).not.toContain('meu status');
    expect(ch).not.toBe(ch2);
  });

  it('a contact never messaged from this session writes from its LID only: history sync gives the phone', async () => {
    const s = await setup({ media: false });
    const stranger = s.wa.contact('5511955554444');
    const app = await linkByQr(s);
    const id = await s.wa.sendText(stranger, ACCOUNT, 'SAIR', { via: 'lid' });
    await waitFor(() => app.seen.inbound.some((m) => m.messageId === id), 'lid-only reply', LIMIT);
    expect(app.seen.inbound.find((m) => m.messageId === id)).toMatchObject({ from: '+5511955554444', text: 'SAIR' });
  });

  it('463 on a send becomes an error receipt and one restricted signal; capping and time-lock warnings arrive', async () => {
    const s = await setup({ media: false });
    s.wa.contact(CUSTOMER);
    const app = await linkByQr(s);
    s.wa.account(ACCOUNT).messageError = '463';
    const id = app.channel.newMessageId();
    await app.channel.send({ messageId: id, jid: `${CUSTOMER}@s.whatsapp.net`, text: 'Oi' });
    await waitFor(() => app.seen.signals.some((x) => x.kind === 'restricted_463'), '463 signal', LIMIT);
    expect(app.seen.receipts.find((r) => r.messageId === id)).toMatchObject({ status: 'error', code: '463' });
    expect(s.wa.contact(CUSTOMER).inbox).toHaveLength(0);
    await s.wa.capping(ACCOUNT, 'FIRST_WARNING');
    await s.wa.timelock(ACCOUNT, new Date(Date.now() + 3_600_000));
    await waitFor(() => app.seen.signals.some((x) => x.kind === 'reachout_timelock'), 'timelock', LIMIT);
    await waitFor(() => app.seen.signals.some((x) => x.kind === 'capping_warning' && x.detail === 'FIRST_WARNING'), 'capping', LIMIT);
    expect(app.seen.signals.filter((x) => x.kind === 'restricted_463')).toHaveLength(1);
  });
});

describe('close codes on the real protocol (policy in the README)', () => {
  async function connected() {
    const s = await setup({ media: false });
    const app = await linkByQr(s);
    return { s, app };
  }

  it('401 (removed on the phone): the session is wiped and the number asks for a new QR', async () => {
    const { s, app } = await connected();
    await s.wa.unlink(ACCOUNT);
    await waitFor(() => app.channel.status().state === 'logged_out', 'logged out', LIMIT);
    expect(hasLinkedSession(s.st.db, s.numberId, s.st.box)).toBe(false);
  });

  it('403: restricted, stops and raises the banned signal', async () => {
    const { s, app } = await connected();
    await s.wa.kick(ACCOUNT, 403);
    await waitFor(() => app.channel.status().state === 'restricted', 'restricted', LIMIT);
    expect(app.seen.signals.map((x) => x.kind)).toContain('banned');
  });

  it('440 (another session took over): stops without looping', async () => {
    const { s, app } = await connected();
    const logins = s.wa.stats.logins;
    await s.wa.kick(ACCOUNT, 440);
    await waitFor(() => app.channel.status().state === 'error', 'stopped', LIMIT);
    expect(app.channel.status().reason).toBe('connection_replaced');
    await new Promise((r) => setTimeout(r, 200));
    expect(s.wa.stats.logins).toBe(logins);
  });

  it.each([408, 428, 503, 500])('%i: backs off and reconnects with the same session', async (code) => {
    const { s, app } = await connected();
    const logins = s.wa.stats.logins;
    await s.wa.kick(ACCOUNT, code);
    await waitFor(() => s.wa.stats.logins > logins && app.channel.status().state === 'connected', 'reconnected', LIMIT);
    expect(app.seen.statuses.some((x) => x.state === 'reconnecting')).toBe(true);
    expect(hasLinkedSession(s.st.db, s.numberId, s.st.box)).toBe(true);
  });

  it('515: reconnects at once', async () => {
    const { s, app } = await connected();
    const logins = s.wa.stats.logins;
    await s.wa.kick(ACCOUNT, 515);
    await waitFor(() => s.wa.stats.logins > logins && app.channel.status().state === 'connected', 'reconnected', LIMIT);
    expect(app.seen.statuses.filter((x) => x.reason === 'restart_required').length).toBeGreaterThan(0);
  });

  it('405: fetches a fresher WhatsApp Web version once and logs in with it', async () => {
    const s = await setup({ media: false });
    const first = await linkByQr(s);
    await first.service.close();
    const newer: [number, number, number] = [bundledWaVersion()[0], bundledWaVersion()[1], bundledWaVersion()[2] + 1];
    s.wa.behavior.minVersion = newer;
    let asked = 0;
    const app = s.make({
      refreshVersion: async () => {
        asked += 1;
        return newer;
      },
    });
    app.service.resumeLinked();
    await waitFor(() => app.seen.statuses.some((x) => x.state === 'connected'), 'connected with the new version', LIMIT);
    expect(asked).toBe(1);
    expect(app.seen.statuses.some((x) => x.reason === 'updating_version')).toBe(true);
  });

  it('405 with no fresher version: stops and says the version is outdated', async () => {
    const s = await setup({ media: false });
    const first = await linkByQr(s);
    await first.service.close();
    s.wa.behavior.minVersion = [bundledWaVersion()[0] + 1, 0, 0];
    const app = s.make({ refreshVersion: async () => null });
    app.service.resumeLinked();
    await waitFor(() => app.channel().status().state === 'error', 'stopped', LIMIT);
    expect(app.channel().status().reason).toBe('outdated_version');
  });
});

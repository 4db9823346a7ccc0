/**
 * A fake Baileys socket, only for unit tests that must force states the protocol stand-in
 * (testing/wa-server) cannot reach in a test's time: a send held in flight, arbitrary errors
 * thrown by sendMessage, QR codes running out. Its `ev` is Baileys' real event buffer, so the
 * channel consumes events exactly as from `makeWASocket`. Everything else uses the stand-in.
 */
import { assertNodeErrorFree, makeEventBuffer } from '@whiskeysockets/baileys';
import type { AnyMessageContent, BaileysEventMap, MiscMessageGenerationOptions, proto, WAPresence } from '@whiskeysockets/baileys';
import pino from 'pino';
import { isLinkedCreds } from '../auth-store';
import type { SocketFactory, SocketOptions, WhatsAppSocket } from '../socket';

export interface FakeSentMessage {
  numberId: number;
  jid: string;
  content: AnyMessageContent;
  messageId: string | undefined;
}

/** An error shaped like Baileys' Boom close errors. */
export function closeError(statusCode: number, message = 'Connection Closed'): Error {
  return Object.assign(new Error(message), { output: { statusCode, payload: { statusCode } } });
}

/** The real Boom Baileys throws when WhatsApp answers a query with `<error code=… text=…>`. */
export function iqError(code: number, text = 'error'): Error {
  try {
    assertNodeErrorFree({ tag: 'iq', attrs: { type: 'error' }, content: [{ tag: 'error', attrs: { code: String(code), text } }] });
  } catch (err) {
    return err as Error;
  }
  throw new Error('assertNodeErrorFree did not throw');
}

let fakeIds = 0;

export class FakeWhatsAppSocket implements WhatsAppSocket {
  readonly ev = makeEventBuffer(pino({ level: 'silent' }));
  user: WhatsAppSocket['user'];
  readonly presences: Array<{ type: WAPresence; jid: string | undefined }> = [];
  ended = false;
  loggedOut = false;
  readonly signalRepository = {
    lidMapping: { getPNForLID: async (lid: string) => this.net.lidToPn.get(lid) ?? null },
  };
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    readonly options: SocketOptions,
    private readonly net: FakeWhatsAppNetwork,
  ) {
    const me = options.auth.creds.me;
    if (isLinkedCreds(options.auth.creds) && me) this.user = { id: me.id, ...(me.name ? { name: me.name } : {}) };
  }

  // --- the socket API the channel uses ---

  async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<proto.IWebMessageInfo | undefined> {
    if (this.ended) throw closeError(428);
    const failure = this.net.nextSendError;
    if (failure) {
      this.net.nextSendError = null;
      throw failure;
    }
    this.net.sendAttempts += 1;
    if (this.net.sendGate) await this.net.sendGate;
    const messageId = options?.messageId;
    this.net.sent.push({ numberId: this.options.numberId, jid, content, messageId });
    this.net.onSend?.(this, { numberId: this.options.numberId, jid, content, messageId });
    return { key: { id: messageId ?? `FAKE${++fakeIds}`, remoteJid: jid, fromMe: true } };
  }

  async sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void> {
    this.presences.push({ type, jid: toJid });
  }

  async presenceSubscribe(jid: string): Promise<void> {
    this.presences.push({ type: 'subscribe' as WAPresence, jid });
  }

  async onWhatsApp(...phones: string[]): Promise<Array<{ jid: string; exists: unknown }> | undefined> {
    this.net.onWhatsAppCalls.push(phones);
    return this.net.lookup(phones);
  }

  async requestPairingCode(phone: string): Promise<string> {
    this.net.pairingRequests.push(phone);
    if (this.net.pairingError) throw this.net.pairingError;
    return this.net.pairingCode;
  }

  async logout(): Promise<void> {
    this.loggedOut = true;
    this.end(closeError(401, 'Intentional Logout'));
  }

  end(error: Error | undefined): void {
    if (this.ended) return;
    this.ended = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error: error ?? closeError(428), date: new Date() } });
  }

  // --- test controls: what WhatsApp would do ---

  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): void {
    this.ev.emit(event, arg);
  }

  emitQr(qr: string): void {
    this.emit('connection.update', { qr });
  }

  /**
   * The phone scanned the QR: like Baileys' `configureSuccessfulPairing`, `me` and the signed
   * device identity (`account`) arrive, never `registered` (Baileys then restarts with 515).
   */
  pair(phone = this.net.accountPhone, name = 'Loja Teste'): void {
    const me = { id: `${phone}:7@s.whatsapp.net`, name };
    const account = { details: Buffer.from('fake'), accountSignatureKey: Buffer.alloc(32), accountSignature: Buffer.alloc(64), deviceSignature: Buffer.alloc(64) };
    this.emit('creds.update', { me, account });
  }

  /** The connection is open (logged in). */
  open(): void {
    const me = this.options.auth.creds.me ?? { id: `${this.net.accountPhone}:7@s.whatsapp.net`, name: 'Loja Teste' };
    this.user = { id: me.id, ...(me.name ? { name: me.name } : {}) };
    this.emit('connection.update', { connection: 'open' });
  }

  /** WhatsApp closed the socket with `code` (undefined: no code, e.g. a network drop). */
  close(code: number | undefined): void {
    this.ended = true;
    const error = code === undefined ? new Error('socket hang up') : closeError(code);
    this.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
  }

  /** A receipt for one of our messages: 3 delivered, 4 read, 5 played, 0 error. */
  receipt(messageId: string, status: number, opts: { code?: string; remoteJid?: string } = {}): void {
    this.emit('messages.update', [
      {
        key: { id: messageId, fromMe: true, remoteJid: opts.remoteJid ?? null },
        update: { status, ...(opts.code ? { messageStubParameters: [opts.code] } : {}) },
      },
    ]);
  }

  /** A message from a contact. */
  inbound(opts: { remoteJid: string; text: string; remoteJidAlt?: string; quotedId?: string; fromMe?: boolean; type?: 'notify' | 'append'; id?: string }): void {
    const message: proto.IMessage = opts.quotedId
      ? { extendedTextMessage: { text: opts.text, contextInfo: { stanzaId: opts.quotedId } } }
      : { conversation: opts.text };
    this.emit('messages.upsert', {
      type: opts.type ?? 'notify',
      messages: [
        {
          key: { id: opts.id ?? `IN${++fakeIds}`, remoteJid: opts.remoteJid, fromMe: opts.fromMe ?? false, ...(opts.remoteJidAlt ? { remoteJidAlt: opts.remoteJidAlt } : {}) },
          message,
          messageTimestamp: Math.floor(Date.now() / 1000),
        },
      ],
    });
  }

  later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.ended) fn();
    }, ms);
    this.timers.add(t);
  }
}

/** The fake "WhatsApp": every socket made through {@link factory}, and everything sent. */
export class FakeWhatsAppNetwork {
  readonly sockets: FakeWhatsAppSocket[] = [];
  readonly sent: FakeSentMessage[] = [];
  readonly onWhatsAppCalls: string[][] = [];
  readonly pairingRequests: string[] = [];
  /** Digits of phones that are on WhatsApp; `null` means every phone is. */
  registered: Set<string> | null = null;
  readonly lidToPn = new Map<string, string>();
  accountPhone = '5511900000001';
  pairingCode = 'ABCD1234';
  pairingError: Error | null = null;
  /** Thrown by the next sendMessage. */
  nextSendError: Error | null = null;
  /** sendMessage calls that got past the error check (in flight or done). */
  sendAttempts = 0;
  /** While set, sendMessage waits for it (to test aborts of in-flight sends). */
  sendGate: Promise<void> | null = null;
  onSocket?: (sock: FakeWhatsAppSocket) => void;
  onSend?: (sock: FakeWhatsAppSocket, sent: FakeSentMessage) => void;

  readonly factory: SocketFactory = (options) => {
    const sock = new FakeWhatsAppSocket(options, this);
    this.sockets.push(sock);
    this.onSocket?.(sock);
    return sock;
  };

  get last(): FakeWhatsAppSocket {
    const s = this.sockets.at(-1);
    if (!s) throw new Error('no fake socket yet');
    return s;
  }

  lookup(phones: string[]): Array<{ jid: string; exists: boolean }> {
    const out: Array<{ jid: string; exists: boolean }> = [];
    for (const p of phones) {
      const d = p.replace(/\D/g, '');
      if (this.registered === null || this.registered.has(d)) out.push({ jid: `${d}@s.whatsapp.net`, exists: true });
    }
    return out;
  }
}

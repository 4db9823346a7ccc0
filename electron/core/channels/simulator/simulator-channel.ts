/**
 * "Número simulado": a channel that behaves like a WhatsApp number without any network, for
 * trying the product, demos and tests. Always shown as SIMULADO in the UI.
 *
 * Every accepted message is appended to a durable ledger before `send` resolves. Receipts,
 * replies and opt-outs follow {@link SimulatorBehavior}; all random draws for a message are made
 * when it is sent, from one seeded sequence, so a seed + send order reproduce the same outcomes.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { hashString, seededRng, uniformInt, type Rng } from '../../lib/rng';
import { systemClock, type Clock } from '../../lib/timer';
import { TypedEmitter } from '../emitter';
import { ChannelSendError } from '../errors';
import { digitsFromJid, jidFromDigits } from '../jid';
import type {
  Channel,
  ChannelEvents,
  ChannelState,
  ChannelStatus,
  CheckResult,
  OutgoingMessage,
  SendResult,
  SignalEvent,
  Unsubscribe,
} from '../types';
import { resolveBehavior, type SimulatorBehavior } from './config';
import { hashText, LedgerWriter } from './ledger';
import { abortableWait } from '../abortable-wait';

/** Label the UI shows next to a simulated number. */
export const SIMULATOR_LABEL = 'SIMULADO';

export interface SimulatorOptions {
  id: string;
  /** Ledger file, normally `simulatorLedgerPath(dataDir, id)`. */
  ledgerFile: string;
  behavior?: Partial<SimulatorBehavior>;
  /** Seed for reproducible outcomes; random when omitted. */
  seed?: number | string;
  clock?: Clock;
  /** Receives errors thrown by event listeners. */
  onListenerError?: (err: unknown) => void;
}

/** True when `digits` is one of the simulated "not on WhatsApp" numbers (stable per number). */
export function simulatedNotOnWhatsApp(digits: string, invalidProb: number): boolean {
  if (!(invalidProb > 0)) return false;
  return hashString(`recado-sim:${digits}`) / 4294967296 < invalidProb;
}

export class SimulatorChannel implements Channel {
  readonly id: string;
  readonly kind = 'simulator' as const;
  readonly label = SIMULATOR_LABEL;
  readonly behavior: SimulatorBehavior;

  private readonly clock: Clock;
  private readonly rng: Rng;
  private readonly ledger: LedgerWriter;
  private readonly events: TypedEmitter<ChannelEvents>;
  private current: ChannelStatus;
  /** Aborted by stop(): ends typing, in-flight sends and the connect delay. */
  private life = new AbortController();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  /** Messages accepted since start() (see `dropAfterSends`). */
  private accepted = 0;
  private callsFd: number | null = null;

  constructor(opts: SimulatorOptions) {
    this.id = opts.id;
    this.behavior = resolveBehavior(opts.behavior);
    this.clock = opts.clock ?? systemClock;
    this.rng = seededRng(opts.seed ?? randomBytes(4).readUInt32LE(0));
    this.ledger = new LedgerWriter(opts.ledgerFile);
    this.events = new TypedEmitter<ChannelEvents>((err) => opts.onListenerError?.(err));
    this.current = Object.freeze({ state: 'disconnected', since: this.clock.now() });
  }

  /** Path of the ledger this channel appends to. */
  get ledgerFile(): string {
    return this.ledger.file;
  }

  status(): ChannelStatus {
    // Frozen when set (see setStatus): the engine asks on every turn, so no copy per call.
    return this.current;
  }

  on<K extends keyof ChannelEvents>(event: K, cb: (payload: ChannelEvents[K]) => void): Unsubscribe {
    return this.events.on(event, cb);
  }

  async start(): Promise<void> {
    if (this.current.state === 'connected' || this.current.state === 'connecting') return;
    this.life = new AbortController();
    this.accepted = 0;
    this.ledger.open();
    if (this.behavior.traceCalls && this.callsFd === null) this.callsFd = fs.openSync(`${this.ledger.file}.calls`, 'a', 0o600);
    this.setStatus('connecting');
    if (this.behavior.connectDelayMs > 0) await this.wait(this.behavior.connectDelayMs, this.life.signal);
    this.setStatus('connected');
  }

  async stop(): Promise<void> {
    this.life.abort();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.ledger.close();
    if (this.callsFd !== null) fs.closeSync(this.callsFd);
    this.callsFd = null;
    if (this.current.state !== 'disconnected') this.setStatus('disconnected', 'stopped');
  }

  newMessageId(): string {
    return `SIM${randomHex(9).toUpperCase()}`;
  }

  async checkNumbers(candidates: string[][]): Promise<CheckResult[]> {
    this.assertConnected();
    // The first variant stands for the contact; the "registered" one is always that variant.
    return candidates.map((input) => {
      const digits = (input[0] ?? '').replace(/\D/g, '');
      const ok = digits.length >= 8 && !simulatedNotOnWhatsApp(digits, this.behavior.invalidProb);
      return { input, jid: ok ? jidFromDigits(digits) : null };
    });
  }

  async sendTyping(jid: string, ms: number, signal?: AbortSignal): Promise<void> {
    this.assertConnected();
    if (!digitsFromJid(jid)) throw new ChannelSendError('INVALID_JID');
    await this.wait(ms, signal);
  }

  async send(msg: OutgoingMessage, signal?: AbortSignal): Promise<SendResult> {
    if (this.callsFd !== null) fs.writeSync(this.callsFd, `${JSON.stringify({ messageId: msg.messageId, at: this.clock.now() })}\n`);
    this.assertConnected();
    const digits = digitsFromJid(msg.jid);
    if (!digits) throw new ChannelSendError('INVALID_JID');
    if (simulatedNotOnWhatsApp(digits, this.behavior.invalidProb)) throw new ChannelSendError('NOT_ON_WHATSAPP');
    const b = this.behavior;
    // Draw everything for this message now, in a fixed order, so outcomes depend only on the
    // seed and the send order (not on timer interleaving).
    const latency = uniformInt(this.rng, b.sendLatencyMs[0], b.sendLatencyMs[1]);
    // Only a campaign's messages fail at random (the draw is made for every message, so a seed
    // keeps its sequence): the send loop retries them. A reply typed in Respostas, the
    // assistant's answer or a mirrored post is never retried by itself, and its failure would
    // tell the person to check a connection that is fine.
    const fails = this.rng() < b.failProb && msg.campaignId !== undefined;
    const delivered = this.rng() < b.deliveredProb;
    const readDraw = this.rng() < b.readProb;
    const replyDraw = this.rng();
    const deliveredDelay = uniformInt(this.rng, b.receiptDelayMs[0], b.receiptDelayMs[1]);
    const readDelay = uniformInt(this.rng, b.receiptDelayMs[0], b.receiptDelayMs[1]);
    const replyDelay = uniformInt(this.rng, b.replyDelayMs[0], b.replyDelayMs[1]);
    const quotes = this.rng() < b.quoteProb;
    const pick = this.rng();

    if (latency > 0) await this.wait(latency, signal);
    else if (signal?.aborted) throw new ChannelSendError('ABORTED');
    this.assertConnected();
    if (fails) throw new ChannelSendError('SEND_FAILED', { detail: 'simulated' });

    const sentAt = this.clock.now();
    await this.ledger.append({
      v: 1,
      channelId: this.id,
      messageId: msg.messageId,
      jid: msg.jid,
      textSha256: hashText(msg.text),
      textLength: msg.text.length,
      ...(msg.attachment ? { attachment: msg.attachment.kind } : {}),
      at: sentAt,
    });
    if (b.dropAfterSends > 0 && ++this.accepted === b.dropAfterSends) this.later(0, () => this.setStatus('disconnected', 'simulated_drop'));

    if (delivered) {
      const optOut = replyDraw < b.optOutProb;
      const reply = !optOut && replyDraw < b.optOutProb + b.replyProb;
      const read = readDraw || optOut || reply;
      this.later(deliveredDelay, () => this.events.emit('receipt', { messageId: msg.messageId, status: 'delivered', at: this.clock.now() }));
      if (read) {
        this.later(deliveredDelay + readDelay, () => this.events.emit('receipt', { messageId: msg.messageId, status: 'read', at: this.clock.now() }));
      }
      if (optOut || reply) {
        const pool = optOut ? b.optOutReplies : b.replies;
        const text = pool[Math.min(pool.length - 1, Math.floor(pick * pool.length))];
        this.later(deliveredDelay + readDelay + replyDelay, () =>
          this.events.emit('inbound', {
            from: `+${digits}`,
            jid: msg.jid,
            text,
            at: this.clock.now(),
            ...(quotes ? { quotedMessageId: msg.messageId } : {}),
          }),
        );
      }
    }
    return { messageId: msg.messageId, sentAt };
  }

  // --- Test and demo hooks: make the simulated number misbehave on demand. ---

  /** Emits a ban/limit signal as WhatsApp would (e.g. to test auto-pause). */
  simulateSignal(kind: SignalEvent['kind'], detail?: string): void {
    this.events.emit('signal', { kind, ...(detail !== undefined ? { detail } : {}), at: this.clock.now() });
    if (kind === 'restricted_463') this.setStatus('restricted', '463');
  }

  /** Forces a status (e.g. `'reconnecting'`); sends fail with NOT_CONNECTED until `'connected'`. */
  simulateStatus(state: ChannelState, reason?: string): void {
    this.setStatus(state, reason);
  }

  /** Delivers an inbound message from `digits` now. */
  simulateInbound(digits: string, text: string, quotedMessageId?: string): void {
    const d = digits.replace(/\D/g, '');
    this.events.emit('inbound', {
      from: `+${d}`,
      jid: jidFromDigits(d),
      text,
      at: this.clock.now(),
      ...(quotedMessageId ? { quotedMessageId } : {}),
    });
  }

  // --- internals ---

  private setStatus(state: ChannelState, reason?: string): void {
    this.current = Object.freeze({ state, since: this.clock.now(), ...(reason !== undefined ? { reason } : {}) });
    this.events.emit('status', this.status());
  }

  private assertConnected(): void {
    if (this.current.state !== 'connected') {
      throw new ChannelSendError('NOT_CONNECTED', { detail: this.current.state });
    }
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Waits `ms`; rejects with ABORTED at once if `signal` or stop() aborts. */
  private wait(ms: number, signal?: AbortSignal): Promise<void> {
    return abortableWait(ms, signal, this.life.signal);
  }
}

// One randomBytes call per few hundred ids: a call per message was a visible share of the
// engine's per-send cost at zero delays.
const ID_POOL_BYTES = 4608;
let idPool = Buffer.alloc(0);
let idPoolOffset = 0;
function randomHex(bytes: number): string {
  if (idPoolOffset + bytes > idPool.length) {
    idPool = randomBytes(ID_POOL_BYTES);
    idPoolOffset = 0;
  }
  const hex = idPool.toString('hex', idPoolOffset, idPoolOffset + bytes);
  idPoolOffset += bytes;
  return hex;
}

/** How the simulated number behaves. Probabilities are 0..1; delays are [min, max] ms, uniform. */
export interface SimulatorBehavior {
  /** Chance a sent message gets a "delivered" receipt. */
  deliveredProb: number;
  /** Chance a delivered message gets a "read" receipt (replies always imply read). */
  readProb: number;
  /** Chance a delivered message gets a normal reply (from `replies`). */
  replyProb: number;
  /** Chance a delivered message gets an opt-out reply (from `optOutReplies`), exclusive of `replyProb`. */
  optOutProb: number;
  /**
   * Chance a campaign's `send` fails with a transient `SEND_FAILED` error (nothing is written to
   * the ledger). Messages outside campaigns never fail at random (see SimulatorChannel.send).
   * 0 by default: a rehearsal shows the campaign as it goes on a healthy number, and a random
   * failure only made its counts differ from run to run (with a daily cap of 3, two sent). Tests
   * of retries and crash safety set it.
   */
  failProb: number;
  /** Share of numbers that are not on WhatsApp; fixed per number (hash), independent of the seed. */
  invalidProb: number;
  /** Delay from send to delivered, and from delivered to read. */
  receiptDelayMs: [number, number];
  /** Delay from read to the reply. */
  replyDelayMs: [number, number];
  /** Chance a reply quotes the campaign message. */
  quoteProb: number;
  replies: string[];
  optOutReplies: string[];
  /** Time `start()` spends in "connecting". */
  connectDelayMs: number;
  /** Time `send` takes before it is accepted (abortable). */
  sendLatencyMs: [number, number];
  /**
   * Rehearses a dropped connection: after accepting this many messages (counted from `start()`)
   * the number goes `disconnected` until it is started again. 0 = never.
   */
  dropAfterSends: number;
  /**
   * Appends every `send` call (message id, before anything else happens) to `<ledger>.calls`,
   * without fsync: survives a killed process, not a power cut. For crash tests, which must tell
   * "handed to the channel" from "never handed". Off by default.
   */
  traceCalls: boolean;
}

export const DEFAULT_SIMULATOR_BEHAVIOR: SimulatorBehavior = Object.freeze({
  deliveredProb: 0.95,
  readProb: 0.7,
  replyProb: 0.1,
  optOutProb: 0.02,
  failProb: 0,
  invalidProb: 0.05,
  receiptDelayMs: [1_000, 15_000] as [number, number],
  replyDelayMs: [5_000, 120_000] as [number, number],
  quoteProb: 0.3,
  replies: ['Oi! Quero saber mais.', 'Qual o valor?', 'Obrigado, vou ver.', 'Pode me mandar mais detalhes?', 'Tenho interesse!'],
  optOutReplies: ['SAIR', 'Sair', 'PARAR', 'não quero mais receber'],
  connectDelayMs: 0,
  sendLatencyMs: [0, 0] as [number, number],
  dropAfterSends: 0,
  traceCalls: false,
}) as SimulatorBehavior;

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0);
const range = (r: [number, number] | undefined, d: [number, number]): [number, number] => {
  const [a, b] = r ?? d;
  const lo = Math.max(0, Number.isFinite(a) ? a : d[0]);
  const hi = Math.max(lo, Number.isFinite(b) ? b : d[1]);
  return [lo, hi];
};

/** Fills defaults and clamps values into range. */
export function resolveBehavior(partial: Partial<SimulatorBehavior> = {}): SimulatorBehavior {
  const d = DEFAULT_SIMULATOR_BEHAVIOR;
  const b = { ...d, ...partial };
  return {
    deliveredProb: clamp01(b.deliveredProb),
    readProb: clamp01(b.readProb),
    replyProb: clamp01(b.replyProb),
    optOutProb: clamp01(b.optOutProb),
    failProb: clamp01(b.failProb),
    invalidProb: clamp01(b.invalidProb),
    quoteProb: clamp01(b.quoteProb),
    receiptDelayMs: range(b.receiptDelayMs, d.receiptDelayMs),
    replyDelayMs: range(b.replyDelayMs, d.replyDelayMs),
    sendLatencyMs: range(b.sendLatencyMs, d.sendLatencyMs),
    replies: b.replies.length ? [...b.replies] : [...d.replies],
    optOutReplies: b.optOutReplies.length ? [...b.optOutReplies] : [...d.optOutReplies],
    connectDelayMs: Math.max(0, b.connectDelayMs || 0),
    dropAfterSends: Math.max(0, Math.floor(b.dropAfterSends || 0)),
    traceCalls: b.traceCalls === true,
  };
}

/**
 * When a number may log in to WhatsApp again after its connection dropped. A loop of logins is
 * what WhatsApp's abuse systems notice, so, on top of the per-code policy (close-policy.ts):
 *
 * - the fast backoff (2 s, 4 s, 8 s… up to 1 min) starts over only once a connection has stayed
 *   open AND answered a query for a while ({@link ReconnectGuard.stable}), never just on "open":
 *   a connection that opens and drops keeps climbing;
 * - a sliding window of drops: past `dropThreshold` drops in `dropWindowMs` the number is
 *   "instável" and retries slowly (minutes, with jitter) until a connection proves stable;
 * - 429 / rate-overlimit waits long (half an hour, growing) and says so;
 * - a ceiling of logins per number per hour that nothing exceeds, whatever the close codes,
 *   the user's clicks or restarts of the app (the history is kept in SQLite).
 *
 * Pure apart from the injected history: time comes in as arguments, randomness from `rand`.
 */
import { backoffDelay } from './close-policy';

export const HOUR_MS = 60 * 60_000;

export interface GuardPolicy {
  /** Fast retries after a drop: base, 2×base… up to max. */
  backoff: { baseMs: number; maxMs: number };
  /** A connection counts as stable after this long open with a query answered. */
  stableAfterMs: number;
  dropWindowMs: number;
  /** Drops within the window that make the number "instável". */
  dropThreshold: number;
  /** Slow retries while unstable: base, 1.5×base… up to max, ±25 % jitter. */
  unstable: { baseMs: number; maxMs: number };
  /** After 429 / rate-overlimit: base, 1.5×base… up to max, ±25 % jitter. */
  rateLimited: { baseMs: number; maxMs: number };
  /** Logins per rolling hour, never exceeded. */
  loginsPerHour: number;
}

export const DEFAULT_GUARD_POLICY: GuardPolicy = Object.freeze({
  backoff: { baseMs: 2_000, maxMs: 60_000 },
  stableAfterMs: 60_000,
  dropWindowMs: 10 * 60_000,
  dropThreshold: 5,
  unstable: { baseMs: 5 * 60_000, maxMs: 20 * 60_000 },
  rateLimited: { baseMs: 30 * 60_000, maxMs: 2 * HOUR_MS },
  loginsPerHour: 10,
});

export type GuardEventKind = 'login' | 'drop' | 'rate_limited' | 'stable';

export interface GuardEvent {
  kind: GuardEventKind;
  at: number;
}

/** Where a number's recent logins and drops are kept (SQLite in the app; memory in tests). */
export interface ConnectionHistory {
  /** Events since `since` (epoch ms), oldest first. */
  load(since: number): GuardEvent[];
  record(kind: GuardEventKind, at: number): void;
}

/** How the last close asks to reconnect: after the usual backoff, at once (515), or rate-limited (429). */
export type ReconnectPace = 'backoff' | 'now' | 'rate_limited';

/** Why the next attempt waits longer than the usual backoff. */
export type GuardHold = 'none' | 'unstable' | 'rate_limited' | 'login_ceiling';

export interface NextAttempt {
  /** When to log in again (epoch ms). */
  at: number;
  hold: GuardHold;
  /** Drops in the window, this one included. */
  drops: number;
}

/** How far back the history matters: the hour of the ceiling and the longest rate-limit wait. */
const HISTORY_MS = 3 * HOUR_MS;

export function memoryHistory(): ConnectionHistory & { events: GuardEvent[] } {
  const events: GuardEvent[] = [];
  return {
    events,
    load: (since) => events.filter((e) => e.at >= since),
    record: (kind, at) => void events.push({ kind, at }),
  };
}

export class ReconnectGuard {
  private attempt = 0;
  private slowAttempt = 0;
  private rateStreak = 0;
  private unstable = false;
  private logins: number[] = [];
  private drops: number[] = [];
  /** A wait nobody may cut short (rate limit, ceiling): until then start() keeps waiting. */
  private firmHold: { until: number; hold: GuardHold } | null = null;

  constructor(
    readonly policy: GuardPolicy = DEFAULT_GUARD_POLICY,
    private readonly history: ConnectionHistory | null = null,
    private readonly rand: () => number = Math.random,
    now: number = Date.now(),
  ) {
    let past: GuardEvent[] = [];
    try {
      past = history?.load(now - HISTORY_MS) ?? [];
    } catch {
      // An unreadable history starts from nothing; the live state still applies.
    }
    this.replay(past, now);
  }

  /** The number is "instável": it dropped too often and retries slowly until a connection proves stable. */
  get isUnstable(): boolean {
    return this.unstable;
  }

  /** Drops within the window ending at `now`. */
  dropsInWindow(now: number): number {
    const from = now - this.policy.dropWindowMs;
    return this.drops.filter((t) => t > from).length;
  }

  /** Logins within the hour ending at `now`. */
  loginsInHour(now: number): number {
    const from = now - HOUR_MS;
    return this.logins.filter((t) => t > from).length;
  }

  /**
   * The earliest instant ≥ `now` a login may happen: the hourly ceiling, and a rate-limit wait
   * (also one carried over from before a restart).
   */
  earliestLogin(now: number): { at: number; hold: GuardHold } {
    let at = now;
    let hold: GuardHold = 'none';
    if (this.firmHold && this.firmHold.until > at) {
      at = this.firmHold.until;
      hold = this.firmHold.hold;
    }
    const ceiling = this.ceilingFreesAt(at);
    if (ceiling > at) {
      at = ceiling;
      if (hold === 'none') hold = 'login_ceiling';
    }
    return { at, hold };
  }

  /** A login is about to happen (a socket with a linked session). */
  login(at: number): void {
    this.logins.push(at);
    this.trim(at);
    this.remember('login', at);
  }

  /** The connection stayed open and answered a query: retries start over from the short backoff. */
  stable(at: number): void {
    const was = this.attempt > 0 || this.unstable || this.rateStreak > 0;
    this.attempt = 0;
    this.slowAttempt = 0;
    this.rateStreak = 0;
    this.unstable = false;
    this.firmHold = null;
    if (was) this.remember('stable', at);
  }

  /** The connection dropped at `at` and the close code asks to reconnect: when, and why then. */
  next(at: number, pace: ReconnectPace): NextAttempt {
    this.drops.push(at);
    this.trim(at);
    this.remember(pace === 'rate_limited' ? 'rate_limited' : 'drop', at);
    const drops = this.dropsInWindow(at);
    let delay: number;
    let hold: GuardHold = 'none';
    if (pace === 'rate_limited') {
      delay = this.slow(this.policy.rateLimited, this.rateStreak++);
      hold = 'rate_limited';
    } else {
      if (!this.unstable && drops >= this.policy.dropThreshold) {
        this.unstable = true;
        this.slowAttempt = 0;
      }
      if (this.unstable) {
        delay = this.slow(this.policy.unstable, this.slowAttempt++);
        hold = 'unstable';
      } else if (pace === 'now') {
        delay = 0;
      } else {
        delay = backoffDelay(this.attempt++, this.policy.backoff.baseMs, this.policy.backoff.maxMs, this.rand);
      }
    }
    let when = at + delay;
    const ceiling = this.ceilingFreesAt(when);
    if (ceiling > when) {
      when = ceiling;
      if (hold === 'none') hold = 'login_ceiling';
    }
    this.firmHold = hold === 'rate_limited' || hold === 'login_ceiling' ? { until: when, hold } : null;
    return { at: when, hold, drops };
  }

  /** The instant the hourly ceiling allows one more login, for an attempt at `t`. */
  private ceilingFreesAt(t: number): number {
    const max = Math.max(1, this.policy.loginsPerHour);
    const recent = this.logins.filter((x) => x > t - HOUR_MS).sort((a, b) => a - b);
    if (recent.length < max) return t;
    // The oldest login that must leave the hour for one more to fit.
    return recent[recent.length - max] + HOUR_MS + 1;
  }

  /** Keeps the event for after a restart; a failed write (disk full) only loses that. */
  private remember(kind: GuardEventKind, at: number): void {
    try {
      this.history?.record(kind, at);
    } catch {
      // The in-memory state still holds for this run.
    }
  }

  private slow(p: { baseMs: number; maxMs: number }, n: number): number {
    const raw = Math.min(p.maxMs, p.baseMs * 1.5 ** Math.max(0, n));
    return Math.round(raw * (0.75 + 0.5 * this.rand()));
  }

  private trim(now: number): void {
    const from = now - HISTORY_MS;
    if (this.logins.length && this.logins[0] <= from) this.logins = this.logins.filter((t) => t > from);
    if (this.drops.length && this.drops[0] <= from) this.drops = this.drops.filter((t) => t > from);
  }

  /** Rebuilds the state from the stored history (after a restart of the app). */
  private replay(events: readonly GuardEvent[], now: number): void {
    let lastRate: number | null = null;
    for (const e of events) {
      if (e.kind === 'login') this.logins.push(e.at);
      else if (e.kind === 'stable') {
        this.unstable = false;
        this.rateStreak = 0;
        this.attempt = 0;
        lastRate = null;
      } else {
        this.drops.push(e.at);
        if (e.kind === 'rate_limited') {
          this.rateStreak += 1;
          lastRate = e.at;
        } else {
          this.attempt += 1;
        }
        if (this.dropsInWindow(e.at) >= this.policy.dropThreshold) this.unstable = true;
      }
    }
    this.trim(now);
    // WhatsApp asked us to wait: a restart of the app does not cut that wait short.
    if (lastRate !== null) {
      const until = lastRate + Math.min(this.policy.rateLimited.maxMs, this.policy.rateLimited.baseMs * 1.5 ** Math.max(0, this.rateStreak - 1));
      if (until > now) this.firmHold = { until, hold: 'rate_limited' };
    }
  }
}

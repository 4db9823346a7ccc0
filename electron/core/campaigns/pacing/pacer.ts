/**
 * Per-number pacer: given what a number has sent recently, when may it send next, and why.
 * State is a plain JSON-serializable value; functions return new states (no mutation).
 */
import { DEFAULT_TIME_ZONE } from '../schedule/types';
import { dayKey, daysBetween, localDate, startOfNextLocalDay } from '../schedule/tz';
import { normalizePacing, type PacingConfig } from './config';
import { nextDelayMs } from './delay';
import type { Rng } from '../../lib/rng';

const HOUR_MS = 3_600_000;

/** What a number has sent recently. Persist it or rebuild it with {@link rebuildPacerState}. */
export interface PacerState {
  /** Send instants within the last hour, ascending (for the hourly cap). */
  recent: number[];
  lastSentAt: number | null;
  /** Gap drawn at the last send; the next send waits at least this long after `lastSentAt`. */
  gapMs: number | null;
  /** Sends since the last batch pause (a natural gap ≥ the pause also counts as one). */
  sinceBatchPause: number;
  /** Local day (`YYYY-MM-DD`, in the config's zone) that `sentToday` counts. */
  dayKey: string | null;
  sentToday: number;
}

/** Why the next send waits until `atMs`. `'ready'` = nothing holds it back (`atMs` = now). */
export type SlotReason = 'ready' | 'delay' | 'batch_pause' | 'hourly_cap' | 'daily_cap' | 'warmup_cap';

export interface NextSlot {
  atMs: number;
  reason: SlotReason;
}

/** Limits coming from outside the pacing config (e.g. the license plan). */
export interface PacingLimits {
  /** Max sends per local day allowed by the plan, for this number. */
  planDailyLimit?: number;
}

/** A state for a number that has not sent anything. */
export function createPacerState(): PacerState {
  return { recent: [], lastSentAt: null, gapMs: null, sinceBatchPause: 0, dayKey: null, sentToday: 0 };
}

function zoneOf(config: PacingConfig): string {
  return config.timeZone ?? DEFAULT_TIME_ZONE;
}

/** Warm-up cap on the local day of `atMs`, or undefined without warm-up. */
export function warmupCapAt(config: PacingConfig, atMs: number): number | undefined {
  const w = config.warmup;
  if (!w) return undefined;
  const tz = zoneOf(config);
  const day = Math.max(0, daysBetween(localDate(w.startedAt, tz), localDate(atMs, tz)));
  return Math.max(0, Math.floor(w.startCap + day * w.increasePerDay));
}

/**
 * Effective daily cap on the local day of `atMs` = min(dailyCap, warm-up cap, plan limit);
 * `cap` undefined when nothing limits the day. `reason` names the binding limit.
 */
export function effectiveDailyCap(
  config: PacingConfig,
  atMs: number,
  limits: PacingLimits = {},
): { cap: number | undefined; reason: 'daily_cap' | 'warmup_cap' } {
  const warm = warmupCapAt(config, atMs);
  const others = [config.dailyCap, limits.planDailyLimit].filter((v): v is number => v !== undefined);
  const other = others.length ? Math.min(...others) : undefined;
  if (warm !== undefined && (other === undefined || warm < other)) return { cap: warm, reason: 'warmup_cap' };
  return { cap: other, reason: 'daily_cap' };
}

/** Sends counted on the local day of `atMs`. */
export function sentOnDay(state: PacerState, config: PacingConfig, atMs: number): number {
  return state.dayKey === dayKey(atMs, zoneOf(config)) ? state.sentToday : 0;
}

/** How many more sends the daily limits allow today (undefined = unlimited). */
export function remainingToday(state: PacerState, config: PacingConfig, nowMs: number, limits?: PacingLimits): number | undefined {
  const { cap } = effectiveDailyCap(normalizePacing(config).config, nowMs, limits);
  return cap === undefined ? undefined : Math.max(0, cap - sentOnDay(state, config, nowMs));
}

/**
 * The earliest instant ≥ `nowMs` at which this number may send, and the binding reason.
 * Deterministic: the random gap was drawn by {@link recordSend}, so repeated calls agree.
 * Sending windows are not considered here; see `planNextSend`.
 */
export function computeNextSlot(state: PacerState, config: PacingConfig, nowMs: number, limits: PacingLimits = {}): NextSlot {
  const c = normalizePacing(config).config;
  const tz = zoneOf(c);
  let at = nowMs;
  let reason: SlotReason = 'ready';
  const bump = (t: number, r: SlotReason) => {
    if (t > at) {
      at = t;
      reason = r;
    }
  };

  if (state.lastSentAt !== null) {
    const minMs = c.minDelaySec * 1000;
    const maxMs = c.maxDelaySec * 1000;
    // Clamp a stored gap into today's bounds: the user may have changed the config since.
    const gap = Math.min(maxMs, Math.max(minMs, state.gapMs ?? minMs));
    bump(state.lastSentAt + gap, 'delay');
    if (c.batch && state.sinceBatchPause >= c.batch.every) {
      bump(state.lastSentAt + c.batch.pauseMinutes * 60_000, 'batch_pause');
    }
  }

  // Caps depend on `at`; moving `at` forward only relaxes the hourly cap but may enter a new
  // day, so iterate until stable (a handful of rounds at most).
  for (let round = 0; round < 8; round++) {
    const before = at;
    if (c.hourlyCap !== undefined) {
      const inWindow = state.recent.filter((t) => t > at - HOUR_MS && t <= at);
      if (inWindow.length >= c.hourlyCap) bump(inWindow[inWindow.length - c.hourlyCap] + HOUR_MS, 'hourly_cap');
    }
    const { cap, reason: capReason } = effectiveDailyCap(c, at, limits);
    if (cap !== undefined) {
      const count = state.dayKey === dayKey(at, tz) ? state.sentToday : 0;
      if (count >= cap) bump(startOfNextLocalDay(at, tz), capReason);
    }
    if (at === before) break;
  }
  return { atMs: at, reason };
}

/**
 * The state after a send at `atMs`; draws the gap before the following send with `rng`.
 * Call once per message actually handed to the channel (failed sends still count: WhatsApp saw them).
 */
export function recordSend(state: PacerState, config: PacingConfig, atMs: number, rng: Rng): PacerState {
  const c = normalizePacing(config).config;
  const key = dayKey(atMs, zoneOf(c));
  const pauseMs = c.batch ? c.batch.pauseMinutes * 60_000 : Infinity;
  const naturalPause = state.lastSentAt !== null && atMs - state.lastSentAt >= pauseMs;
  const sinceBatchPause = naturalPause ? 1 : state.sinceBatchPause + 1;
  // A clock set backwards must not reset today's count.
  const sameDay = state.dayKey !== null && key <= state.dayKey;
  const recent = [...state.recent.filter((t) => t > atMs - HOUR_MS), atMs].sort((a, b) => a - b);
  return {
    recent,
    lastSentAt: state.lastSentAt === null ? atMs : Math.max(state.lastSentAt, atMs),
    gapMs: nextDelayMs(c, rng),
    sinceBatchPause,
    dayKey: sameDay ? state.dayKey : key,
    sentToday: sameDay ? state.sentToday + 1 : 1,
  };
}

/** Rebuilds a state from stored send instants (e.g. after a restart); draws a fresh gap. */
export function rebuildPacerState(sentAts: number[], config: PacingConfig, rng: Rng): PacerState {
  return [...sentAts].sort((a, b) => a - b).reduce((s, at) => recordSend(s, config, at, rng), createPacerState());
}

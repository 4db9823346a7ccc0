/**
 * Sending-window queries: is it open now, when does it next open, when does it close.
 * Pure functions of (window, instant); see {@link SendingWindow} for the semantics.
 */
import { formatDateKey, addDays, localDate, weekdayOf, zonedTimeToEpoch, type LocalDate } from './tz';
import { isHoliday } from './holidays';
import { parseHHMM, SendingWindowError, validateWindow } from './validate';
import type { SendingWindow } from './types';

/** One concrete opening: [startMs, endMs). */
export interface WindowInstance {
  /** Local date (`YYYY-MM-DD`) the instance starts on. */
  date: string;
  startMs: number;
  endMs: number;
}

/** How far ahead `nextOpen`/`windowCloseAt` look before giving up (a year and a bit). */
const MAX_SCAN_DAYS = 400;

interface Compiled {
  w: SendingWindow;
  startMin: number;
  endMin: number;
  days: Set<number>;
}

const compiledCache = new WeakMap<SendingWindow, Compiled>();

function compile(w: SendingWindow): Compiled {
  const hit = compiledCache.get(w);
  if (hit) return hit;
  const startMin = parseHHMM(w.start);
  const endMin = parseHHMM(w.end, true);
  if (startMin === null || endMin === null) throw new SendingWindowError(validateWindow(w));
  const c: Compiled = { w, startMin, endMin, days: new Set(w.days) };
  compiledCache.set(w, c);
  return c;
}

function instanceOn(c: Compiled, date: LocalDate): WindowInstance | null {
  if (!c.days.has(weekdayOf(date))) return null;
  const key = formatDateKey(date);
  const rule = c.w.skipHolidays;
  if (rule && (rule.national || rule.state) && isHoliday(key, rule)) return null;
  const tz = c.w.timeZone;
  const startMs = zonedTimeToEpoch(date, 0, c.startMin, tz);
  // end <= start crosses midnight (equal = 24 h); minutes overflow into the next day via Date.UTC.
  const endMinutes = c.endMin > c.startMin ? c.endMin : c.endMin + 1440;
  const endMs = zonedTimeToEpoch(date, 0, endMinutes, tz);
  // A window wholly inside a DST gap has no duration.
  if (endMs <= startMs) return null;
  return { date: key, startMs, endMs };
}

function withinRange(w: SendingWindow, atMs: number): boolean {
  if (w.startAt !== undefined && atMs < w.startAt) return false;
  if (w.endAt !== undefined && atMs >= w.endAt) return false;
  return true;
}

/** The window instance containing `atMs`, ignoring `startAt`/`endAt`, or null. */
export function instanceAt(w: SendingWindow, atMs: number): WindowInstance | null {
  const c = compile(w);
  const today = localDate(atMs, w.timeZone);
  // Only yesterday's (crossing midnight) or today's instance can contain atMs.
  for (const d of [addDays(today, -1), today]) {
    const inst = instanceOn(c, d);
    if (inst && inst.startMs <= atMs && atMs < inst.endMs) return inst;
  }
  return null;
}

/** True when sending is allowed at `atMs`. */
export function isOpen(w: SendingWindow, atMs: number): boolean {
  return withinRange(w, atMs) && instanceAt(w, atMs) !== null;
}

/**
 * The first instant at or after `fromMs` when sending is allowed: `fromMs` itself when open.
 * Null when it never opens again (past `endAt`, no sending days).
 */
export function nextOpen(w: SendingWindow, fromMs: number): number | null {
  const c = compile(w);
  if (c.days.size === 0) return null;
  const t = w.startAt !== undefined ? Math.max(fromMs, w.startAt) : fromMs;
  if (w.endAt !== undefined && t >= w.endAt) return null;
  let d = addDays(localDate(t, w.timeZone), -1);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, d = addDays(d, 1)) {
    const inst = instanceOn(c, d);
    if (!inst || inst.endMs <= t) continue;
    const at = Math.max(inst.startMs, t);
    if (w.endAt !== undefined && at >= w.endAt) return null;
    return at;
  }
  return null;
}

/**
 * When the window that is open at `atMs` closes (back-to-back instances are merged, `endAt`
 * respected), or null if it is closed at `atMs`. A window open every day round the clock with no
 * `endAt` reports a close about a year ahead.
 */
export function windowCloseAt(w: SendingWindow, atMs: number): number | null {
  if (!withinRange(w, atMs)) return null;
  const inst = instanceAt(w, atMs);
  if (!inst) return null;
  const c = compile(w);
  let end = inst.endMs;
  let d = addDays(localDate(inst.startMs, w.timeZone), 1);
  for (let i = 0; i < MAX_SCAN_DAYS; i++, d = addDays(d, 1)) {
    const next = instanceOn(c, d);
    if (!next || next.startMs > end) break;
    end = Math.max(end, next.endMs);
  }
  return w.endAt !== undefined ? Math.min(end, w.endAt) : end;
}

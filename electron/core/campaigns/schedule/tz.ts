/**
 * Time-zone arithmetic on top of `Intl.DateTimeFormat` (no extra dependencies).
 *
 * "Wall" values are local calendar date/times in a given IANA zone. Conversions from wall time to
 * an instant follow Temporal's `'compatible'` disambiguation: a time skipped by a DST jump moves
 * forward by the size of the gap, and a repeated time resolves to the earlier instant.
 */

/** Local calendar fields of an instant in some time zone. `month` is 1-12, `weekday` 0=Sun..6=Sat. */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

/** A local calendar date (no time). `month` is 1-12. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DAY_MS = 86_400_000;
const formatterCache = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatterCache.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatterCache.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone the runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Local fields straight from ICU: exact, but costly enough to matter on every send. */
export function icuLocalParts(ms: number, timeZone: string): LocalParts {
  const parts = formatterFor(timeZone).formatToParts(new Date(ms));
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const p of parts) {
    switch (p.type) {
      case 'year': year = Number(p.value); break;
      case 'month': month = Number(p.value); break;
      case 'day': day = Number(p.value); break;
      // Some ICU versions still print "24" for midnight even with h23.
      case 'hour': hour = Number(p.value) % 24; break;
      case 'minute': minute = Number(p.value); break;
      case 'second': second = Number(p.value); break;
    }
  }
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour, minute, second, weekday };
}

/**
 * UTC offsets change only at transitions, and real-world transitions fall on quarter-hour
 * boundaries in UTC. So the offset is constant within each 15-minute UTC bucket: ask ICU once per
 * bucket and zone, then derive local fields with plain UTC arithmetic.
 */
const OFFSET_BUCKET_MS = 15 * 60_000;
const offsetCache = new Map<string, Map<number, number>>();

function bucketOffset(ms: number, timeZone: string): number {
  const bucket = Math.floor(ms / OFFSET_BUCKET_MS);
  let zone = offsetCache.get(timeZone);
  if (!zone) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  let offset = zone.get(bucket);
  if (offset === undefined) {
    const start = bucket * OFFSET_BUCKET_MS;
    const p = icuLocalParts(start, timeZone);
    offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - start;
    if (zone.size > 50_000) zone.clear(); // bounded: schedules look at a few days at a time
    zone.set(bucket, offset);
  }
  return offset;
}

/** Local date/time fields of the instant `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const d = new Date(Math.floor(ms / 1000) * 1000 + bucketOffset(ms, timeZone));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    weekday: d.getUTCDay(),
  };
}

/** The wall clock of `ms` in `timeZone`, encoded as if it were UTC (whole seconds). */
function wallMs(ms: number, timeZone: string): number {
  const p = localParts(ms, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
}

/** UTC offset of `timeZone` at the instant `ms`, in milliseconds (e.g. -3 h for São Paulo). */
export function offsetMs(ms: number, timeZone: string): number {
  const whole = Math.floor(ms / 1000) * 1000;
  return wallMs(whole, timeZone) - whole;
}

/**
 * The instant at which the local wall time `date hour:minute` occurs in `timeZone`.
 * Out-of-range fields overflow like `Date.UTC` (hour 24 = next day 00:00, day 32 = next month).
 */
export function zonedTimeToEpoch(date: LocalDate, hour: number, minute: number, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // Offsets a day either side bracket any single DST transition near this wall time.
  const before = offsetMs(wall - DAY_MS, timeZone);
  const after = offsetMs(wall + DAY_MS, timeZone);
  const early = wall - Math.max(before, after);
  const late = wall - Math.min(before, after);
  const earlyOk = wallMs(early, timeZone) === wall;
  const lateOk = wallMs(late, timeZone) === wall;
  if (earlyOk) return early; // unique, or the earlier of two repeated instants
  if (lateOk) return late;
  // Skipped by a forward jump: keep the pre-transition offset, landing after the gap.
  return wall - before;
}

/** The local calendar date of `ms` in `timeZone`. */
export function localDate(ms: number, timeZone: string): LocalDate {
  const p = localParts(ms, timeZone);
  return { year: p.year, month: p.month, day: p.day };
}

/** `date` moved by `days` calendar days. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day of week of a calendar date, 0=Sun..6=Sat. */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

/** `YYYY-MM-DD` for a calendar date. */
export function formatDateKey(date: LocalDate): string {
  const mm = String(date.month).padStart(2, '0');
  const dd = String(date.day).padStart(2, '0');
  return `${String(date.year).padStart(4, '0')}-${mm}-${dd}`;
}

/** `YYYY-MM-DD` of the instant `ms` in `timeZone` (the local "day key"). */
export function dayKey(ms: number, timeZone: string): string {
  return formatDateKey(localDate(ms, timeZone));
}

/** Whole calendar days from `a` to `b` (positive when `b` is later). DST-proof. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / DAY_MS,
  );
}

/** The first instant of the local day after the one containing `ms`. */
export function startOfNextLocalDay(ms: number, timeZone: string): number {
  return zonedTimeToEpoch(addDays(localDate(ms, timeZone), 1), 0, 0, timeZone);
}

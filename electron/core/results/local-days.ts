/**
 * Local midnights, cached: the dashboard and charts need many of them and each costs several
 * Intl conversions. A local date's first instant never changes for a given zone while the
 * process runs, so the cache is exact.
 */
import { zonedTimeToEpoch, type LocalDate } from '../campaigns/schedule/tz';

const MAX = 4000;
const cache = new Map<string, number>();

/** First instant of a local calendar date in `timeZone`. */
export function dayStart(date: LocalDate, timeZone: string): number {
  const key = `${timeZone}|${date.year}-${date.month}-${date.day}`;
  let v = cache.get(key);
  if (v === undefined) {
    v = zonedTimeToEpoch(date, 0, 0, timeZone);
    if (cache.size >= MAX) cache.clear();
    cache.set(key, v);
  }
  return v;
}

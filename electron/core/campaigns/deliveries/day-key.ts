import { dayKey, localDate, startOfNextLocalDay, zonedTimeToEpoch } from '../schedule/tz';

/**
 * `YYYY-MM-DD` of an instant in a time zone, remembering the last day's bounds: the engine asks
 * this for every send and Intl formatting is comparatively slow.
 */
export class DayKeyer {
  private start = 0;
  private end = -1;
  private key = '';

  constructor(private zone: string) {}

  get timeZone(): string {
    return this.zone;
  }

  setTimeZone(zone: string): void {
    if (zone === this.zone) return;
    this.zone = zone;
    this.end = -1;
  }

  keyOf(ms: number): string {
    if (ms >= this.start && ms < this.end) return this.key;
    const key = dayKey(ms, this.zone);
    const start = zonedTimeToEpoch(localDate(ms, this.zone), 0, 0, this.zone);
    const end = startOfNextLocalDay(ms, this.zone);
    // Only cache a sane range (DST edge cases could otherwise produce an empty one).
    if (start <= ms && ms < end) {
      this.start = start;
      this.end = end;
      this.key = key;
    }
    return key;
  }
}

/**
 * Sends, reads and replies over time from hourly_counters (one campaign) or hourly_totals (all): per hour for short ranges, per
 * local day (app or campaign time zone) for longer ones. Buckets without activity are zeros,
 * so charts have a steady axis.
 */
import type { Db } from '../db/open';
import type { Timeline, TimelinePoint } from '../../../shared/api/methods/results';
import { addDays, formatDateKey, localDate, offsetMs } from '../campaigns/schedule/tz';
import { dayStart } from './local-days';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Up to this many hours a chart shows hours; beyond, days. */
export const MAX_HOURLY_POINTS = 72;
const MAX_POINTS = 400;

/** Activity of one UTC hour (all campaigns or one). */
export type HourRow = { h: number; sent: number; delivered: number; read: number; replied: number; failed: number; invalid: number };

const COLS = 'sent, delivered, "read", replied, failed, invalid';
const SUMS = 'sum(sent) AS sent, sum(delivered) AS delivered, sum("read") AS "read", sum(replied) AS replied, sum(failed) AS failed, sum(invalid) AS invalid';

export class TimelineReader {
  private readonly byCampaign;
  private readonly all;
  private readonly daysByCampaign;
  private readonly daysAll;
  private readonly sums;

  constructor(db: Db) {
    this.byCampaign = db.prepare<[number, number, number], HourRow>(`SELECT hour_start AS h, ${SUMS} FROM hourly_counters WHERE campaign_id = ? AND hour_start >= ? AND hour_start < ? GROUP BY hour_start`);
    this.all = db.prepare<[number, number], HourRow>(`SELECT hour_start AS h, ${COLS} FROM hourly_totals WHERE hour_start >= ? AND hour_start < ?`);
    // Local days straight from SQL when the zone's offset is the same over the whole range (no DST change inside).
    const day = `(hour_start + ?) / ${DAY} * ${DAY} - ?`;
    this.daysByCampaign = db.prepare<[number, number, number, number, number], HourRow>(`SELECT ${day} AS h, ${SUMS} FROM hourly_counters WHERE campaign_id = ? AND hour_start >= ? AND hour_start < ? GROUP BY 1`);
    this.daysAll = db.prepare<[number, number, number, number], HourRow>(`SELECT ${day} AS h, ${SUMS} FROM hourly_totals WHERE hour_start >= ? AND hour_start < ? GROUP BY 1`);
    this.sums = db.prepare<[number, number], Omit<HourRow, 'h'>>(`SELECT ${SUMS} FROM hourly_totals WHERE hour_start >= ? AND hour_start < ?`);
  }

  /** Hourly activity in [from, to), one row per hour with any. */
  hours(from: number, to: number, campaignId?: number): HourRow[] {
    const lo = Math.floor(from / HOUR) * HOUR;
    return campaignId !== undefined ? this.byCampaign.all(campaignId, lo, to) : this.all.all(lo, to);
  }

  /** Totals of every campaign over [from, to) (hours starting in it). */
  totals(from: number, to: number): Omit<HourRow, 'h'> {
    const r = this.sums.get(Math.ceil(from / HOUR) * HOUR, to);
    return { sent: r?.sent ?? 0, delivered: r?.delivered ?? 0, read: r?.read ?? 0, replied: r?.replied ?? 0, failed: r?.failed ?? 0, invalid: r?.invalid ?? 0 };
  }

  read(input: { campaignId?: number; from: number; to: number; bucket?: 'hour' | 'day'; timeZone: string }): Timeline {
    const from = Math.floor(input.from / HOUR) * HOUR;
    const to = Math.max(from + HOUR, Math.ceil(input.to / HOUR) * HOUR);
    const bucket = input.bucket ?? ((to - from) / HOUR <= MAX_HOURLY_POINTS ? 'hour' : 'day');
    if (bucket === 'day') {
      const off = offsetMs(from, input.timeZone);
      if (off === offsetMs(to - 1, input.timeZone)) {
        // Each row is already one local day, keyed by its local midnight.
        const rows = input.campaignId !== undefined ? this.daysByCampaign.all(off, off, input.campaignId, from, to) : this.daysAll.all(off, off, from, to);
        return bucketize(rows, { ...input, bucket });
      }
    }
    return bucketize(this.hours(from, to, input.campaignId), { ...input, bucket });
  }
}

/** Dense hour or local-day buckets over [from, to) from hourly rows (rows outside are ignored). */
export function bucketize(rows: readonly HourRow[], input: { from: number; to: number; bucket?: 'hour' | 'day'; timeZone: string }): Timeline {
  const from = Math.floor(input.from / HOUR) * HOUR;
  const to = Math.max(from + HOUR, Math.ceil(input.to / HOUR) * HOUR);
  const hours = (to - from) / HOUR;
  const bucket = input.bucket ?? (hours <= MAX_HOURLY_POINTS ? 'hour' : 'day');
  const tz = input.timeZone;

  const points: TimelinePoint[] = [];
  const index = new Map<number, TimelinePoint>();
  if (bucket === 'hour') {
    const start = Math.max(from, to - MAX_POINTS * HOUR);
    for (let t = start; t < to; t += HOUR) {
      const p = { at: t, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0 };
      points.push(p);
      index.set(t, p);
    }
    for (const r of rows) if (r.h >= from && r.h < to) add(index.get(r.h), r);
  } else {
    let day = localDate(from, tz);
    const last = formatDateKey(localDate(to - 1, tz));
    const dayStarts: number[] = [];
    for (let i = 0; i < MAX_POINTS + 2; i++) {
      const at = dayStart(day, tz);
      dayStarts.push(at);
      const p = { at, sent: 0, delivered: 0, read: 0, replied: 0, failed: 0 };
      points.push(p);
      if (formatDateKey(day) === last) break;
      day = addDays(day, 1);
    }
    for (const r of rows) {
      // The last day start at or before the hour (hours never straddle local midnights in whole-hour zones).
      let lo = 0;
      let hi = dayStarts.length - 1;
      if (r.h < dayStarts[0] || r.h >= to) continue;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (dayStarts[mid] <= r.h) lo = mid;
        else hi = mid - 1;
      }
      add(points[lo], r);
    }
    if (points.length > MAX_POINTS) points.splice(0, points.length - MAX_POINTS);
  }
  return { bucket, timeZone: tz, points };
}

function add(p: TimelinePoint | undefined, r: HourRow): void {
  if (!p) return;
  p.sent += r.sent;
  p.delivered += r.delivered;
  p.read += r.read;
  p.replied += r.replied;
  p.failed += r.failed + r.invalid;
}

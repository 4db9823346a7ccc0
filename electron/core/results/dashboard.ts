/**
 * The Início dashboard. Every figure comes from counters kept in the same transaction as the
 * change they count (hourly_totals, number_daily_counters, campaign_results, contact_totals) or
 * from small indexed ranges, so it costs the same with a thousand or a million deliveries and
 * contacts. Inactive contacts come from the partial index on non-active statuses.
 */
import type { Db } from '../db/open';
import type { Dashboard, DashboardRange, NumberHealth } from '../../../shared/api/methods/results';
import { rangeRates } from '../../../shared/results';
import { dayKey } from '../campaigns/schedule/tz';
import { parseNumberConfig, type NumberRow } from '../numbers/numbers-store';
import { resolveRange, type DayRange } from './day-range';
import { TimelineReader } from './timeline';

export interface DashboardOptions {
  now: number;
  timeZone: string;
  /** Today's messages and effective cap of a number, from the running engine (warm-up included). */
  numberToday?: (id: number) => { sent: number; cap: number | null } | undefined;
}

export class DashboardReader {
  private readonly contactsTotal;
  private readonly contactsInactive;
  private readonly deals;
  private readonly campaigns;
  private readonly numbers;
  private readonly numberDay;
  private readonly timeline: TimelineReader;

  constructor(db: Db) {
    this.contactsTotal = db.prepare<[], { n: number }>('SELECT total AS n FROM contact_totals WHERE id = 1');
    this.contactsInactive = db.prepare<[], { status: string; n: number }>(`SELECT status, count(*) AS n FROM contacts WHERE status <> 'active' GROUP BY status`);
    this.deals = db.prepare<[number, number], { n: number | null; revenue: number | null }>('SELECT sum(delta) AS n, sum(delta * coalesce(value_cents, 0)) AS revenue FROM deals WHERE at >= ? AND at < ?');
    this.campaigns = db.prepare<[], { status: string; n: number }>('SELECT status, count(*) AS n FROM campaigns GROUP BY status');
    this.numbers = db.prepare<[], NumberRow>('SELECT * FROM numbers ORDER BY id');
    this.numberDay = db.prepare<[number, string], { attempts: number; failed: number }>('SELECT attempts, failed FROM number_daily_counters WHERE number_id = ? AND day = ?');
    this.timeline = new TimelineReader(db);
  }

  private contacts(): Dashboard['contacts'] {
    const total = this.contactsTotal.get()?.n ?? 0;
    let optedOut = 0;
    let inactive = 0;
    for (const r of this.contactsInactive.all()) {
      inactive += r.n;
      if (r.status === 'opted_out') optedOut = r.n;
    }
    return { total, active: Math.max(0, total - inactive), optedOut };
  }

  read(input: { range: DashboardRange; from?: string; to?: string }, opts: DashboardOptions): Dashboard {
    const { now, timeZone } = opts;
    const range: DayRange = resolveRange(input, now, timeZone);

    const today = resolveRange({ range: 'today' }, now, timeZone);
    const week = resolveRange({ range: '7d' }, now, timeZone);
    const month = resolveRange({ range: '30d' }, now, timeZone);
    // Sums over the hourly cells' covering index: a few thousand small entries at most.
    const inRange = this.timeline.totals(range.from, range.to);
    const dealsInRange = this.deals.get(range.from, range.to);
    const closedDeals = Math.max(0, dealsInRange?.n ?? 0);
    const revenueCents = Math.max(0, dealsInRange?.revenue ?? 0);

    const campaigns = { running: 0, scheduled: 0, paused: 0, total: 0 };
    for (const r of this.campaigns.all()) {
      campaigns.total += r.n;
      if (r.status === 'running' || r.status === 'scheduled' || r.status === 'paused') campaigns[r.status] += r.n;
    }

    const day = dayKey(now, timeZone);
    const numbers: NumberHealth[] = this.numbers.all().map((n) => {
      const counts = this.numberDay.get(n.id, day);
      const live = opts.numberToday?.(n.id);
      const config = parseNumberConfig(n);
      return {
        id: n.id,
        label: n.label,
        simulated: n.kind === 'simulator',
        status: n.status,
        connected: n.status === 'connected',
        flagged: n.flagged_at !== null,
        sentToday: live?.sent ?? counts?.attempts ?? 0,
        cap: live ? live.cap : (config.dailyCap ?? null),
        failedToday: counts?.failed ?? 0,
      };
    });

    return {
      range: { kind: range.kind, from: range.from, to: range.to, fromDay: range.fromDay, toDay: range.toDay, timeZone },
      contacts: this.contacts(),
      sent: { today: this.timeline.totals(today.from, today.to).sent, last7: this.timeline.totals(week.from, week.to).sent, last30: this.timeline.totals(month.from, month.to).sent },
      inRange: { ...inRange, closedDeals, revenueCents },
      rates: rangeRates({ ...inRange, closedDeals }),
      campaigns,
      numbers,
      anySimulated: numbers.some((n) => n.simulated),
      timeline: this.timeline.read({ from: range.from, to: range.to, timeZone, bucket: range.days <= 1 ? 'hour' : 'day' }),
      at: now,
    };
  }
}

/**
 * One campaign's figures for the detail screen. Reading costs O(1) in the number of
 * deliveries: one campaign_counters row, one campaign_results row (deals, opt-outs), the
 * variation_counters rows and today's hourly cells for the daily cap in the ETA.
 */
import type { Db } from '../db/open';
import type { CampaignResults, VariationResult } from '../../../shared/api/methods/results';
import type { CampaignCounters } from '../../../shared/api/methods/campaign-run';
import { bestVariation, computeRates, funnelOf, MIN_SENDS_TO_COMPARE, progressOf, reachedOf, variationLetter } from '../../../shared/results';
import { windowOf } from '../campaigns/engine/campaign-runtime';
import { localDate, zonedTimeToEpoch } from '../campaigns/schedule/tz';
import { campaignNotFound, campaignNumbers, parseDraft, type CampaignHead } from './campaign-docs';
import { averageGapSec, estimateEta } from './eta';
import { observedPerHour, runBreakMs } from './pace';

export const ZERO_COUNTERS: CampaignCounters = { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, invalid: 0, skipped: 0, cancelled: 0, uncertain: 0, replied: 0 };

type VariationRow = CampaignCounters & { variation: number };

export class CampaignResultsReader {
  private readonly head;
  private readonly counters;
  private readonly extra;
  private readonly variations;
  private readonly sentSince;
  private readonly variationDeals;

  constructor(private readonly db: Db) {
    this.head = db.prepare<[number], CampaignHead>('SELECT id, name, status, draft, started_at, finished_at FROM campaigns WHERE id = ?');
    this.counters = db.prepare<[number], CampaignCounters>('SELECT * FROM campaign_counters WHERE campaign_id = ?');
    this.extra = db.prepare<[number], { closed_deals: number; opted_out: number; revenue_cents: number }>('SELECT closed_deals, opted_out, revenue_cents FROM campaign_results WHERE campaign_id = ?');
    // Deals on replies, by the variation of the message replied to (manual +1s have no variation).
    this.variationDeals = db.prepare<[number], { variation: number; n: number; revenue: number }>(
      `SELECT d.variation, sum(x.delta) AS n, sum(x.delta * coalesce(x.value_cents, 0)) AS revenue
       FROM deals x JOIN inbound_messages i ON i.id = x.inbound_id JOIN deliveries d ON d.id = i.delivery_id
       WHERE x.campaign_id = ? AND d.variation IS NOT NULL GROUP BY d.variation`,
    );
    this.variations = db.prepare<[number], VariationRow>('SELECT * FROM variation_counters WHERE campaign_id = ? ORDER BY variation');
    this.sentSince = db.prepare<[number, number], { n: number | null }>('SELECT sum(sent + failed + invalid) AS n FROM hourly_counters WHERE campaign_id = ? AND hour_start >= ?');
  }

  /** Counters of a campaign (zeros before it starts). */
  countersOf(id: number): CampaignCounters {
    const row = this.counters.get(id);
    if (!row) return { ...ZERO_COUNTERS };
    const out = { ...ZERO_COUNTERS };
    for (const k of Object.keys(out) as Array<keyof CampaignCounters>) out[k] = row[k] ?? 0;
    return out;
  }

  /** `live.recentSends`: the engine's latest send instants for this campaign (its real pace). */
  read(id: number, now: number = Date.now(), live: { recentSends?: readonly number[] | null } = {}): CampaignResults {
    const head = this.head.get(id);
    if (!head) throw campaignNotFound(id);
    const draft = parseDraft(head.draft);
    const counters = this.countersOf(id);
    const extra = this.extra.get(id);
    const closedDeals = Math.max(0, extra?.closed_deals ?? 0);
    const optedOut = Math.max(0, extra?.opted_out ?? 0);
    const revenueCents = Math.max(0, extra?.revenue_cents ?? 0);
    const byVariation = new Map(this.variationDeals.all(id).map((r) => [r.variation, r]));
    const numbers = campaignNumbers(this.db, draft);

    const rows = this.variations.all(id);
    const best = bestVariation(rows.map((r) => ({ variation: r.variation, sent: r.sent, delivered: r.delivered, read: r.read, replied: r.replied })));
    const variations: VariationResult[] = rows.map((r) => {
      const funnel = funnelOf(r);
      const rates = computeRates(r);
      return {
        variation: r.variation,
        label: variationLetter(r.variation),
        text: draft.messages.variations[r.variation]?.text ?? null,
        reached: funnel.sent,
        delivered: funnel.delivered,
        read: r.read,
        replied: r.replied,
        failed: r.failed + r.invalid,
        replyRate: rates.reply,
        readRate: rates.read,
        best: best === r.variation,
        deals: Math.max(0, byVariation.get(r.variation)?.n ?? 0),
        revenueCents: Math.max(0, byVariation.get(r.variation)?.revenue ?? 0),
      };
    });

    const window = windowOf(draft);
    const tz = window.timeZone;
    const todayStart = zonedTimeToEpoch(localDate(now, tz), 0, 0, tz);
    const eta = estimateEta({
      now,
      status: head.status,
      remaining: counters.queued + counters.sending,
      pacing: draft.pacing,
      window,
      numbers: numbers.rows.filter((n) => n.flagged_at === null).length,
      sentToday: draft.pacing.dailyCap > 0 ? (this.sentSince.get(id, Math.floor(todayStart / 3_600_000) * 3_600_000)?.n ?? 0) : 0,
      observedPerHour: live.recentSends ? observedPerHour(live.recentSends, now, runBreakMs(averageGapSec(draft.pacing))) : null,
    });

    return {
      id,
      name: head.name,
      status: head.status,
      simulated: numbers.simulated,
      counters,
      reached: reachedOf(counters),
      closedDeals,
      revenueCents,
      revenuePer100Cents: reachedOf(counters) > 0 ? Math.round((revenueCents * 100) / reachedOf(counters)) : null,
      optedOut,
      rates: computeRates(counters, closedDeals),
      progress: progressOf(counters),
      eta,
      variations,
      minSendsToCompare: MIN_SENDS_TO_COMPARE,
      timeZone: tz,
      startedAt: head.started_at,
      finishedAt: head.finished_at,
      at: now,
    };
  }
}

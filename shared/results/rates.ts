/**
 * Campaign rates from counters, shared by the core (reports, dashboard) and the UI (live
 * counters from `campaigns.progress`).
 *
 * "Enviadas" (reached) = messages the channel accepted and that did not fail afterwards: the
 * deliveries in state sent, delivered or read (campaign_counters keeps one column per state, so
 * a read message is not also in `sent` or `delivered`). The figures people see are cumulative
 * (see {@link funnelOf}): a read message was also delivered and sent. Every rate uses reached
 * as its base:
 * - delivery   = (delivered + read) / reached   (read implies delivered)
 * - read       = read / reached
 * - reply      = replied / reached
 * - success    = reached / (reached + failed + invalid)
 * - conversion = closed deals / reached
 * A rate is null while its denominator is zero (the UI shows "—", not 0 %).
 */

export interface StateCounts {
  total: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  invalid: number;
  skipped: number;
  cancelled: number;
  uncertain: number;
  replied: number;
}

export interface Rates {
  delivery: number | null;
  read: number | null;
  reply: number | null;
  success: number | null;
  conversion: number | null;
}

/** A variation is compared only after this many messages reached people. */
export const MIN_SENDS_TO_COMPARE = 30;

function ratio(n: number, d: number): number | null {
  if (!(d > 0)) return null;
  return Math.min(1, Math.max(0, n / d));
}

/** Messages that reached the channel (sent + delivered + read states). */
export function reachedOf(c: Pick<StateCounts, 'sent' | 'delivered' | 'read'>): number {
  return c.sent + c.delivered + c.read;
}

export interface Funnel {
  /** "Enviadas": reached the channel (sent, delivered or read). */
  sent: number;
  /** "Entregues": delivered or read. */
  delivered: number;
  /** "Lidas". */
  read: number;
}

/**
 * Enviadas / Entregues / Lidas as every screen, notification and report shows them: cumulative,
 * so a read message also counts as delivered and sent. The one place that turns per-state
 * counters into these three figures.
 */
export function funnelOf(c: Pick<StateCounts, 'sent' | 'delivered' | 'read'>): Funnel {
  return { sent: reachedOf(c), delivered: c.delivered + c.read, read: c.read };
}

export function computeRates(c: Pick<StateCounts, 'sent' | 'delivered' | 'read' | 'failed' | 'invalid' | 'replied'>, closedDeals = 0): Rates {
  const f = funnelOf(c);
  const reached = f.sent;
  return {
    delivery: ratio(f.delivered, reached),
    read: ratio(c.read, reached),
    reply: ratio(c.replied, reached),
    success: ratio(reached, reached + c.failed + c.invalid),
    conversion: ratio(Math.max(0, closedDeals), reached),
  };
}

/** Rates for range totals where "sent" already means reached (dashboard, timeline). */
export function rangeRates(t: { sent: number; failed: number; invalid: number; replied: number; read: number; closedDeals: number }): Rates {
  return {
    delivery: null,
    read: ratio(t.read, t.sent),
    reply: ratio(t.replied, t.sent),
    success: ratio(t.sent, t.sent + t.failed + t.invalid),
    conversion: ratio(Math.max(0, t.closedDeals), t.sent),
  };
}

export interface Progress {
  /**
   * Deliveries that ended by sending or failing: reached, failed, without WhatsApp, uncertain.
   * Skipped and cancelled ones never went out, so they do not move the bar: a campaign cancelled
   * after 12 of 40 shows 12 of 40, not 40 of 40.
   */
  done: number;
  total: number;
  /** 0..1; 0 for an empty campaign. */
  fraction: number;
}

export function progressOf(c: Pick<StateCounts, 'total' | 'sent' | 'delivered' | 'read' | 'failed' | 'invalid' | 'uncertain'>): Progress {
  const done = Math.min(c.total, Math.max(0, reachedOf(c) + c.failed + c.invalid + c.uncertain));
  return { done, total: c.total, fraction: c.total > 0 ? done / c.total : 0 };
}

export interface VariationCounts {
  variation: number;
  sent: number;
  delivered: number;
  read: number;
  replied: number;
}

/**
 * The variation with the best reply rate, once every variation compared has reached at least
 * `minSends` people and there are two or more of them; ties go to the read rate. Null otherwise.
 */
export function bestVariation(rows: readonly VariationCounts[], minSends = MIN_SENDS_TO_COMPARE): number | null {
  const eligible = rows.filter((r) => reachedOf(r) >= minSends);
  if (eligible.length < 2 || eligible.length < rows.filter((r) => reachedOf(r) > 0).length) return null;
  let best: VariationCounts | null = null;
  let bestScore: [number, number] = [-1, -1];
  for (const r of eligible) {
    const n = reachedOf(r);
    const score: [number, number] = [r.replied / n, r.read / n];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      best = r;
      bestScore = score;
    }
  }
  // A dead heat has no winner.
  const ties = eligible.filter((r) => r.replied / reachedOf(r) === bestScore[0] && r.read / reachedOf(r) === bestScore[1]);
  return ties.length === 1 && best ? best.variation : null;
}

/** "A", "B", … as the wizard names variations. */
export function variationLetter(index: number): string {
  return index >= 0 && index < 26 ? String.fromCharCode(65 + index) : String(index + 1);
}

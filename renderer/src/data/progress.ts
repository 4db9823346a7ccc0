import type { CampaignRunState } from '../../../shared/api/methods/campaign-run';
import type { CampaignResults } from '../../../shared/api/methods/results';
import { computeRates, progressOf, reachedOf } from '../../../shared/results';

/** Applies a `campaigns.progress` payload to a results snapshot at once (no round trip). */
export function mergeProgress(r: CampaignResults, p: CampaignRunState): CampaignResults {
  return {
    ...r,
    status: p.status,
    counters: p.counters,
    reached: reachedOf(p.counters),
    rates: computeRates(p.counters, r.closedDeals),
    progress: progressOf(p.counters),
    eta: r.eta ? { ...r.eta, remaining: p.counters.queued + p.counters.sending } : r.eta,
  };
}

/** The campaigns overview with one campaign's state replaced; a campaign not in it is left to the refetch. */
export function replaceInOverview(list: CampaignRunState[], p: CampaignRunState): CampaignRunState[] {
  return list.some((c) => c.id === p.id) ? list.map((c) => (c.id === p.id ? p : c)) : list;
}

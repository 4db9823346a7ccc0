import type { CampaignView } from '../../../electron/main/desktop/campaign-state';
import type { CampaignRunState } from '../../../shared/api/methods/campaign-run';

export const NOW = Date.parse('2025-03-10T12:00:00Z');

export function campaign(patch: Partial<CampaignView> & { id: number }): CampaignView {
  return { name: `Campanha ${patch.id}`, status: 'running', pauseReason: null, waiting: null, sent: null, total: null, ...patch };
}

/** A run state as `campaigns.overview` / `campaigns.progress` send it. */
export function runState(patch: Partial<Omit<CampaignRunState, 'counters'>> & { id: number; counters?: Partial<CampaignRunState['counters']> }): CampaignRunState {
  const zero = { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, invalid: 0, skipped: 0, cancelled: 0, uncertain: 0, replied: 0 };
  return {
    name: `Campanha ${patch.id}`,
    status: 'running',
    pauseCode: null,
    pauseReason: null,
    waiting: null,
    startAt: null,
    startedAt: null,
    finishedAt: null,
    updatedAt: 0,
    ...patch,
    counters: { ...zero, ...patch.counters },
  };
}

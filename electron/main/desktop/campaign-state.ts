/** What the desktop shell (tray, power, quit question) needs to know about a campaign. */
import type { CampaignRunState } from '../../../shared/api/methods/campaign-run';
import { reachedOf } from '../../../shared/results/rates';

export type CampaignStatus = CampaignRunState['status'];

export interface CampaignView {
  id: number;
  name: string;
  status: CampaignStatus;
  pauseReason: string | null;
  /** Why a running campaign is waiting, and until when; null while it is sending. */
  waiting: { reason: string; until: number | null } | null;
  sent: number | null;
  total: number | null;
}

export function toCampaignView(r: CampaignRunState): CampaignView {
  return {
    id: r.id,
    name: r.name,
    status: r.status,
    pauseReason: r.pauseReason,
    waiting: r.waiting ? { reason: r.waiting.reason, until: r.waiting.until } : null,
    // "Enviadas" as every screen counts them (a delivered or read message was also sent).
    sent: reachedOf(r.counters),
    total: r.counters.total,
  };
}

/** Campaigns that are, or will be, sending without the user doing anything. */
export function isLive(c: CampaignView): boolean {
  return c.status === 'running' || c.status === 'scheduled';
}

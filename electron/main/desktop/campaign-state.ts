/**
 * What the desktop shell needs to know about a campaign, read defensively from whatever the
 * core sends (`campaigns.overview` / `campaigns.progress` run states, or the plainer
 * `campaigns.list` summaries), so the tray keeps working while the engine's shape evolves.
 */
import { reachedOf } from '../../../shared/results/rates';

export type CampaignStatus = 'draft' | 'scheduled' | 'running' | 'paused' | 'finished' | 'cancelled';

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

const STATUSES: readonly string[] = ['draft', 'scheduled', 'running', 'paused', 'finished', 'cancelled'];

/** Null when `raw` does not look like a campaign. */
export function toCampaignView(raw: unknown): CampaignView | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.id !== 'number' || typeof r.status !== 'string' || !STATUSES.includes(r.status)) return null;
  const waiting = r.waiting as { reason?: unknown; until?: unknown } | null | undefined;
  const counters = r.counters as Record<string, unknown> | undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

  return {
    id: r.id,
    name: typeof r.name === 'string' ? r.name : `Campanha ${r.id}`,
    status: r.status as CampaignStatus,
    pauseReason: typeof r.pauseReason === 'string' ? r.pauseReason : null,
    waiting: waiting && typeof waiting.reason === 'string' ? { reason: waiting.reason, until: num(waiting.until) } : null,
    // "Enviadas" as every screen counts them (a delivered or read message was also sent).
    sent: counters ? reachedOf({ sent: num(counters.sent) ?? 0, delivered: num(counters.delivered) ?? 0, read: num(counters.read) ?? 0 }) : null,
    total: counters ? num(counters.total) : null,
  };
}

/** Campaigns that are, or will be, sending without the user doing anything. */
export function isLive(c: CampaignView): boolean {
  return c.status === 'running' || c.status === 'scheduled';
}

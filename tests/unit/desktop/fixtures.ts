import type { CampaignView } from '../../../electron/main/desktop/campaign-state';

export const NOW = Date.parse('2025-03-10T12:00:00Z');

export function campaign(patch: Partial<CampaignView> & { id: number }): CampaignView {
  return { name: `Campanha ${patch.id}`, status: 'running', pauseReason: null, waiting: null, sent: null, total: null, ...patch };
}

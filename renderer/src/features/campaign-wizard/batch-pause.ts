import type { CampaignPacing } from '../../../../shared/campaigns/schema';

/** A batch pause needs both halves: after how many messages, and for how long. Both 0 = none. */
export function batchPauseIncomplete(p: Pick<CampaignPacing, 'batchEvery' | 'batchPauseMinutes'>): boolean {
  return (p.batchEvery > 0) !== (p.batchPauseMinutes > 0);
}

/** The review line: "Pausa a cada 2 mensagens por 1 minuto" or that there is none. */
export function batchPauseSummary(p: Pick<CampaignPacing, 'batchEvery' | 'batchPauseMinutes'>, t: (key: 'wizard.review.batchValue' | 'wizard.review.batchNone', vars?: Record<string, number>) => string): string {
  if (p.batchEvery > 0 && p.batchPauseMinutes > 0) return t('wizard.review.batchValue', { every: p.batchEvery, minutes: p.batchPauseMinutes });
  return t('wizard.review.batchNone');
}

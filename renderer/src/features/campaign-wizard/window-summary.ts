import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { MessageKey, useT } from '../../i18n';

/** "Seg, Ter, Qua, Qui, Sex, das 09:00 às 18:00 (America/Sao Paulo)": a campaign's sending window. */
export function windowSummary(s: CampaignDraft['schedule'], t: ReturnType<typeof useT>): string {
  const days = [1, 2, 3, 4, 5, 6, 0].filter((d) => s.days.includes(d)).map((d) => t(`wizard.day.${d}` as MessageKey));
  return t('wizard.review.windowValue', { days: days.join(', '), start: s.start, end: s.end, tz: s.timeZone.replace(/_/g, ' ') });
}

import { useT } from '../../i18n';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { useAudiencePreview } from './use-audience-preview';

/**
 * With "Não repetir contatos por (dias)" on, says how many of the chosen people it leaves out,
 * and when it leaves nobody, says so before "Iniciar campanha" refuses to start.
 */
export function RecentlyMessagedNote({ audience }: { audience: CampaignDraft['audience'] }) {
  const t = useT();
  const days = audience.frequencyCapDays;
  const preview = useAudiencePreview(days > 0 ? audience : null);
  if (!preview || preview.recentlyMessaged === 0) return null;
  return (
    <p className={preview.final <= 0 ? 'inline-error' : 'field__help'} role="status" data-testid="audience-recent">
      {t('wizard.audience.recent', { n: preview.recentlyMessaged, days })}
      {preview.final <= 0 ? ` ${t('wizard.audience.recentNobody')}` : ''}
    </p>
  );
}

import { useEffect, useState } from 'react';
import { api } from '../../api';
import { useT } from '../../i18n';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { AudiencePreview } from '../../../../shared/api/methods/campaign-run';

/**
 * With "Não repetir contatos por (dias)" on, says how many of the chosen people it leaves out,
 * and when it leaves nobody, says so before "Iniciar campanha" refuses to start.
 */
export function RecentlyMessagedNote({ audience }: { audience: CampaignDraft['audience'] }) {
  const t = useT();
  const [preview, setPreview] = useState<AudiencePreview | null>(null);
  const days = audience.frequencyCapDays;
  const chosen = audience.listIds.length > 0 || (audience.tagIds?.length ?? 0) > 0;
  const key = `${days}|${audience.listIds.join(',')}|${(audience.tagIds ?? []).join(',')}`;
  useEffect(() => {
    if (days <= 0 || !chosen) {
      setPreview(null);
      return;
    }
    let live = true;
    api.campaigns.audiencePreview({ draft: { audience } }).then(
      (p) => live && setPreview(p),
      () => live && setPreview(null),
    );
    return () => {
      live = false;
    };
    // `key` stands for the audience fields the preview depends on.
  }, [key]);
  if (!preview || preview.recentlyMessaged === 0) return null;
  return (
    <p className={preview.final <= 0 ? 'inline-error' : 'field__help'} role="status" data-testid="audience-recent">
      {t('wizard.audience.recent', { n: preview.recentlyMessaged, days })}
      {preview.final <= 0 ? ` ${t('wizard.audience.recentNobody')}` : ''}
    </p>
  );
}

import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { useT } from '../../i18n';
import { brl, isoDateBr } from '../cloud/format';
import { costTemplateOf, useCloudEstimate } from './use-cloud-estimate';

/** The review's "Custo estimado" for template messages (the campaign's own or its fallback's): audience × the category's rate. */
export function CloudCostFacts({ draft, campaignId }: { draft: CampaignDraft; campaignId: number }) {
  const t = useT();
  const est = useCloudEstimate(draft, campaignId);
  if (!costTemplateOf(draft)) return null;
  return (
    <>
      <dt>{t('cloudCampaign.cost')}</dt>
      <dd data-testid="cloud-cost-estimate">
        {est === null
          ? t('cloudCampaign.loading')
          : est === 'error'
            ? t('cloudCampaign.cost.error')
            : t('cloudCampaign.cost.value', { total: brl(est.total), n: est.recipients, rate: brl(est.perMessage, true), category: (est.category ?? '').toLowerCase(), date: isoDateBr(est.tableDate) })}
      </dd>
    </>
  );
}

/** The same estimate as one line under the template on the messages step. */
export function CloudCostLine({ draft, campaignId, fallback = false }: { draft: CampaignDraft; campaignId: number; fallback?: boolean }) {
  const t = useT();
  const est = useCloudEstimate(draft, campaignId);
  if (!costTemplateOf(draft)) return null;
  const noAudience = draft.audience.listIds.length === 0 && !draft.audience.tagIds?.length;
  return (
    <p className="field__help" role="status" data-testid={fallback ? 'cloud-cost-line-fallback' : 'cloud-cost-line'}>
      {noAudience
        ? t('cloudCost.noAudience')
        : est === null
          ? t('cloudCost.loading')
          : est === 'error'
            ? t('cloudCampaign.cost.error')
            : t(fallback ? 'cloudCost.messages.fallback' : 'cloudCost.messages', { total: brl(est.total), n: est.recipients, rate: brl(est.perMessage, true), category: (est.category ?? '').toLowerCase(), date: isoDateBr(est.tableDate) })}
    </p>
  );
}

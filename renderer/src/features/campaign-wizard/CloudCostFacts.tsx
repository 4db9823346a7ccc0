import { useEffect, useState } from 'react';
import type { CostEstimateView } from '../../../../shared/api/methods/cloud';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { api } from '../../api';
import { useT } from '../../i18n';
import { brl, isoDateBr } from '../cloud/format';

/** The review's "Custo estimado" for template messages (the campaign's own or its fallback's): audience × the category's rate. */
export function CloudCostFacts({ draft, campaignId }: { draft: CampaignDraft; campaignId: number }) {
  const t = useT();
  const tpl = draft.channel === 'cloud' ? draft.cloudTemplate : (draft.fallback?.template ?? null);
  const [est, setEst] = useState<CostEstimateView | null | 'error'>(null);
  const key = `${tpl?.template.id ?? ''}|${draft.audience.listIds.join(',')}`;
  useEffect(() => {
    if (!key.startsWith('|')) {
      let live = true;
      api.cloud
        .estimate({ campaignId })
        .then((e) => live && setEst(e))
        .catch(() => live && setEst('error'));
      return () => {
        live = false;
      };
    }
  }, [campaignId, key]);
  if (!tpl) return null;
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

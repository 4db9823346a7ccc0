import { useEffect, useRef, useState } from 'react';
import type { CampaignCostView, CostEstimateView } from '../../../../shared/api/methods/cloud';
import { api } from '../../api';
import { useT } from '../../i18n';
import { brl, formatDateTime, isoDateBr } from '../cloud/format';

/**
 * What the campaign costs on the official API: what Meta billed so far (the `pricing` of the
 * status webhooks, priced with the dated rate table, so labelled an estimate), what is still
 * queued, and how many contacts went by the fallback route. Nothing for a campaign without a
 * Cloud template. `version` changes when the campaign's counters do, to read it again.
 */
export function CloudCostPanel({ campaignId, version }: { campaignId: number; version: string }) {
  const t = useT();
  const [data, setData] = useState<{ cost: CampaignCostView; estimate: CostEstimateView } | null>(null);
  // A campaign found to have no Cloud template is not asked again; the others at most every 3 s
  // (progress events come several times a second on a busy campaign; the last one of a burst is
  // read when its timer fires).
  const state = useRef<{ campaignId: number; relevant: boolean | null; lastAt: number }>({ campaignId, relevant: null, lastAt: 0 });
  useEffect(() => {
    const s = state.current;
    if (s.campaignId !== campaignId) state.current = { campaignId, relevant: null, lastAt: 0 };
    if (state.current.relevant === false) return;
    const wait = Math.max(0, state.current.lastAt + 3000 - Date.now());
    let live = true;
    const timer = setTimeout(() => {
      state.current.lastAt = Date.now();
      Promise.all([api.cloud.campaignCost({ campaignId }), api.cloud.estimate({ campaignId })])
        .then(([cost, estimate]) => {
          state.current.relevant = estimate.via !== null || cost.sent > 0;
          if (live) setData({ cost, estimate });
        })
        .catch(() => live && setData(null));
    }, wait);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [campaignId, version]);

  if (!data || (data.estimate.category === null && data.cost.sent === 0)) return null;
  const { cost, estimate } = data;
  return (
    <section aria-labelledby={`cloud-cost-${campaignId}`} data-testid="cloud-cost-results">
      <h3 className="results-subtitle" id={`cloud-cost-${campaignId}`}>
        {t('cloudCost.results.title')}
      </h3>
      <p data-testid="cloud-cost-billed">
        {cost.sent === 0 ? t('cloudCost.results.none') : t('cloudCost.results.billed', { brl: brl(cost.brl), n: cost.billed, sent: cost.sent })}
      </p>
      {estimate.recipients > 0 && (estimate.via === 'cloud' || cost.fallbackAt !== null) ? <p data-testid="cloud-cost-remaining">{t('cloudCost.results.remaining', { n: estimate.recipients, brl: brl(estimate.total) })}</p> : null}
      {cost.fallbackAt !== null ? (
        <p data-testid="cloud-cost-fallback">{t('cloudCost.results.fallback', { n: cost.fallback, when: formatDateTime(cost.fallbackAt), reason: cost.fallbackReason ?? '' })}</p>
      ) : null}
      <p className="field__help">{t('cloudCost.results.estimate', { date: isoDateBr(cost.tableDate) })}</p>
    </section>
  );
}

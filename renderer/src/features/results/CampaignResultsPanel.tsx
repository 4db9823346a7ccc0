import { useId } from 'react';
import { RefreshCw } from 'lucide-react';
import { useErrorText, useT } from '../../i18n';
import { CampaignMetrics } from './CampaignMetrics';
import { DealsControl } from './DealsControl';
import { GroupResultsTable } from './GroupResultsTable';
import { ReportButtons } from './ReportButtons';
import { TimelineChart } from './TimelineChart';
import { VariationsTable } from './VariationsTable';
import { latencyAttributes } from './latency';
import { useCampaignResults, useCampaignTimeline } from './use-campaign-results';

/**
 * Everything about how a campaign is doing, live: progress and ETA, totals and rates, closed
 * deals (+/-), report exports, the hourly chart and the variations side by side. `compact`
 * leaves the totals out for pages that already show them.
 */
export function CampaignResultsPanel(props: { campaignId: number; compact?: boolean; title?: string }) {
  const t = useT();
  const errorText = useErrorText();
  const titleId = useId();
  const { data, error, refresh } = useCampaignResults(props.campaignId);
  const { timeline } = useCampaignTimeline(props.campaignId, data?.startedAt ?? null, data?.finishedAt ?? null);

  if (!data) {
    return (
      <section className="card results-panel" aria-labelledby={titleId}>
        <h2 className="card__title" id={titleId}>
          {props.title ?? t('results.title')}
        </h2>
        {error ? (
          <div className="banner banner--error" role="alert">
            <span>{errorText(error, t('results.loadError'))}</span>
            <button type="button" className="button button--secondary button--small" onClick={() => void refresh()}>
              <RefreshCw size={14} aria-hidden="true" /> {t('results.retry')}
            </button>
          </div>
        ) : (
          <p className="loading" role="status">
            {t('results.loading')}
          </p>
        )}
      </section>
    );
  }

  const started = data.counters.total > 0;
  return (
    <section className="card results-panel" aria-labelledby={titleId} data-testid="campaign-results" data-campaign-id={data.id} {...latencyAttributes()}>
      <div className="results-panel__head">
        <h2 className="card__title" id={titleId}>
          {props.title ?? t('results.title')}
        </h2>
        {started ? <ReportButtons campaignId={data.id} /> : null}
      </div>
      {started ? (
        <>
          <CampaignMetrics results={data} compact={props.compact} />
          <DealsControl campaignId={data.id} closedDeals={data.closedDeals} revenueCents={data.revenueCents} revenuePer100Cents={data.revenuePer100Cents} onChange={() => void refresh()} />
          <GroupResultsTable campaignId={data.id} />
          <TimelineChart timeline={timeline} title={t('results.chart.title')} />
          <div>
            <h3 className="results-subtitle">{t('results.variations.title')}</h3>
            <VariationsTable variations={data.variations} minSends={data.minSendsToCompare} />
          </div>
        </>
      ) : (
        <p className="results-empty">{t('results.notStarted')}</p>
      )}
    </section>
  );
}

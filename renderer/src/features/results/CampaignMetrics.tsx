import type { CampaignResults } from '../../../../shared/api/methods/results';
import { useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatCount, formatRate } from './format';
import { funnelOf } from '../../../../shared/results';
import { useDisplayTime } from '../../lib/use-display-time';
import { SimulatedBadge } from './SimulatedBadge';

const TOTALS: Array<{ key: string; label: MessageKey; value: (r: CampaignResults) => number }> = [
  { key: 'total', label: 'results.total', value: (r) => r.counters.total },
  { key: 'queued', label: 'results.queued', value: (r) => r.counters.queued + r.counters.sending },
  { key: 'reached', label: 'results.reached', value: (r) => funnelOf(r.counters).sent },
  { key: 'delivered', label: 'results.delivered', value: (r) => funnelOf(r.counters).delivered },
  { key: 'read', label: 'results.read', value: (r) => funnelOf(r.counters).read },
  { key: 'replied', label: 'results.replied', value: (r) => r.counters.replied },
  { key: 'failed', label: 'results.failed', value: (r) => r.counters.failed },
  { key: 'invalid', label: 'results.invalid', value: (r) => r.counters.invalid },
  { key: 'optedOut', label: 'results.optedOut', value: (r) => r.optedOut },
  { key: 'uncertain', label: 'results.uncertain', value: (r) => r.counters.uncertain },
  { key: 'skipped', label: 'results.skipped', value: (r) => r.counters.skipped },
  { key: 'cancelled', label: 'results.cancelled', value: (r) => r.counters.cancelled },
];

const RATES: Array<{ key: keyof CampaignResults['rates']; label: MessageKey; help: MessageKey }> = [
  { key: 'delivery', label: 'results.rate.delivery', help: 'results.rate.delivery.help' },
  { key: 'read', label: 'results.rate.read', help: 'results.rate.read.help' },
  { key: 'reply', label: 'results.rate.reply', help: 'results.rate.reply.help' },
  { key: 'success', label: 'results.rate.success', help: 'results.rate.success.help' },
  { key: 'conversion', label: 'results.rate.conversion', help: 'results.rate.conversion.help' },
];

/** Progress bar with an honest ETA, totals and rates of one campaign. `compact` leaves the totals out. */
export function CampaignMetrics(props: { results: CampaignResults; compact?: boolean }) {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const time = useDisplayTime();
  const r = props.results;
  const pct = formatRate(r.progress.fraction, language);
  const eta = r.eta;
  let etaText: string | null = null;
  if (eta) {
    if (eta.reason === 'estimate' && eta.at !== null) etaText = t('results.eta.estimate', { when: time.format(eta.at, true) });
    else etaText = t(`results.eta.${eta.reason}` as MessageKey);
  }
  return (
    <div className="results-metrics" data-testid="campaign-metrics">
      <div className="results-progress">
        <div className="results-progress__label">
          <span>{t('results.progress', { done: formatCount(r.progress.done, language), total: formatCount(r.progress.total, language) })}</span>
          <strong data-testid="results-progress-pct">{pct}</strong>
          {r.simulated ? <SimulatedBadge /> : null}
        </div>
        <div
          className="results-progress__bar"
          role="progressbar"
          aria-label={t('results.progress.label')}
          aria-valuemin={0}
          aria-valuemax={Math.max(1, r.progress.total)}
          aria-valuenow={r.progress.done}
          aria-valuetext={t('results.progress', { done: formatCount(r.progress.done, language), total: formatCount(r.progress.total, language) })}
        >
          <div className="results-progress__fill" style={{ width: `${Math.round(r.progress.fraction * 1000) / 10}%` }} />
        </div>
        {etaText ? (
          <p className="results-eta" data-testid="results-eta" title={t('results.eta.help')}>
            {etaText}
          </p>
        ) : null}
      </div>
      {props.compact ? null : (
        <dl className="results-totals" aria-label={t('results.totals')}>
          {TOTALS.map((m) => (
            <div key={m.key} className="results-totals__item">
              <dt>{t(m.label)}</dt>
              <dd data-testid={`metric-${m.key}`}>{formatCount(m.value(r), language)}</dd>
            </div>
          ))}
        </dl>
      )}
      <dl className="results-rates" aria-label={t('results.rates')}>
        {RATES.map((m) => (
          <div key={m.key} className="results-rates__item" title={t(m.help)}>
            <dt>{t(m.label)}</dt>
            <dd data-testid={`rate-${m.key}`}>{formatRate(r.rates[m.key], language)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

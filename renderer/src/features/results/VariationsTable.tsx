import { Trophy } from 'lucide-react';
import type { VariationResult } from '../../../../shared/api/methods/results';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatCount, formatRate } from './format';
import { formatReais } from '../../../../shared/results/money';

/** Variations side by side (A/B test); the best one is highlighted once each reached enough people. */
export function VariationsTable(props: { variations: VariationResult[]; minSends: number }) {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const rows = props.variations;
  if (rows.length === 0) return <p className="results-empty">{t('results.variations.empty')}</p>;
  const hasBest = rows.some((v) => v.best);
  return (
    <div className="results-table-wrap">
      <table className="results-table" data-testid="variations-table">
        <caption className="results-table__caption">{hasBest ? t('results.variations.bestFound') : t('results.variations.needMore', { n: props.minSends })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('results.variations.col.variation')}</th>
            <th scope="col">{t('results.reached')}</th>
            <th scope="col">{t('results.read')}</th>
            <th scope="col">{t('results.replied')}</th>
            <th scope="col">{t('results.rate.reply')}</th>
            <th scope="col">{t('deals.col.deals')}</th>
            <th scope="col">{t('deals.col.revenue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((v) => (
            <tr key={v.variation} className={v.best ? 'is-best' : undefined} data-testid={`variation-${v.label}`}>
              <th scope="row" title={v.text ?? undefined}>
                {t('results.variations.name', { label: v.label })}
                {v.best ? (
                  <span className="results-badge results-badge--best">
                    <Trophy size={13} aria-hidden="true" /> {t('results.variations.best')}
                  </span>
                ) : null}
              </th>
              <td>{formatCount(v.reached, language)}</td>
              <td>{formatCount(v.read, language)}</td>
              <td>{formatCount(v.replied, language)}</td>
              <td>{formatRate(v.replyRate, language)}</td>
              <td>{formatCount(v.deals, language)}</td>
              <td>{formatReais(v.revenueCents, language)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

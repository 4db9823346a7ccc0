import { useId } from 'react';
import type { Timeline } from '../../../../shared/api/methods/results';
import { useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatBucket, formatCount } from './format';

const SERIES: Array<{ key: 'sent' | 'read' | 'replied'; label: MessageKey; className: string }> = [
  { key: 'sent', label: 'results.chart.sent', className: 'chart-bar--sent' },
  { key: 'read', label: 'results.chart.read', className: 'chart-bar--read' },
  { key: 'replied', label: 'results.chart.replied', className: 'chart-bar--replied' },
];

const W = 720;
const H = 200;
const PAD = { top: 12, right: 8, bottom: 24, left: 36 };

function niceMax(n: number): number {
  if (n <= 5) return 5;
  const p = 10 ** Math.floor(Math.log10(n));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= n) return m * p;
  return 10 * p;
}

/** Sends, reads and replies per hour (or day) as grouped bars, with the same figures in a table for screen readers. */
export function TimelineChart(props: { timeline: Timeline | null; title: string; loading?: boolean }) {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const titleId = useId();
  const tl = props.timeline;
  const totals = { sent: 0, read: 0, replied: 0 };
  for (const p of tl?.points ?? []) {
    totals.sent += p.sent;
    totals.read += p.read;
    totals.replied += p.replied;
  }
  const empty = !tl || totals.sent + totals.read + totals.replied === 0;
  const points = tl?.points ?? [];
  const max = niceMax(Math.max(0, ...points.map((p) => Math.max(p.sent, p.read, p.replied))));
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = points.length ? innerW / points.length : innerW;
  const bar = Math.max(1, (slot * 0.8) / SERIES.length);
  const y = (v: number) => PAD.top + innerH - (v / max) * innerH;
  const labelEvery = Math.max(1, Math.ceil(points.length / 12));
  const summary = t('results.chart.summary', {
    sent: formatCount(totals.sent, language),
    read: formatCount(totals.read, language),
    replied: formatCount(totals.replied, language),
  });

  return (
    <figure className="results-chart" aria-labelledby={titleId} data-testid="timeline-chart" data-total-sent={totals.sent} data-total-read={totals.read} data-total-replied={totals.replied}>
      <figcaption id={titleId} className="results-chart__title">
        {props.title}
      </figcaption>
      <ul className="results-chart__legend" aria-hidden="true">
        {SERIES.map((s) => (
          <li key={s.key}>
            <span className={`results-chart__swatch ${s.className}`} /> {t(s.label)}
          </li>
        ))}
      </ul>
      {!tl && props.loading !== false ? (
        <p className="loading" role="status">
          {t('results.loading')}
        </p>
      ) : empty ? (
        <p className="results-empty">{t('results.chart.empty')}</p>
      ) : (
        <svg viewBox={`0 0 ${W} ${H}`} className="results-chart__svg" role="img" aria-label={summary} preserveAspectRatio="none">
          {[0, 0.5, 1].map((f) => (
            <g key={f}>
              <line x1={PAD.left} x2={W - PAD.right} y1={y(max * f)} y2={y(max * f)} className="chart-grid" />
              <text x={PAD.left - 6} y={y(max * f) + 4} textAnchor="end" className="chart-axis">
                {formatCount(max * f, language)}
              </text>
            </g>
          ))}
          {points.map((p, i) => (
            <g key={p.at}>
              {SERIES.map((s, k) => {
                const v = p[s.key];
                if (!v) return null;
                return (
                  <rect key={s.key} className={`chart-bar ${s.className}`} x={PAD.left + i * slot + slot * 0.1 + k * bar} y={y(v)} width={bar} height={PAD.top + innerH - y(v)}>
                    <title>{`${formatBucket(p.at, tl!.bucket, language, tl!.timeZone)} · ${t(s.label)}: ${formatCount(v, language)}`}</title>
                  </rect>
                );
              })}
              {i % labelEvery === 0 ? (
                <text x={PAD.left + i * slot + slot / 2} y={H - 6} textAnchor="middle" className="chart-axis">
                  {formatBucket(p.at, tl!.bucket, language, tl!.timeZone)}
                </text>
              ) : null}
            </g>
          ))}
        </svg>
      )}
      {!empty && tl ? (
        <details className="results-chart__data">
          <summary>{t('results.chart.table')}</summary>
          <table className="results-table">
            <thead>
              <tr>
                <th scope="col">{t(tl.bucket === 'hour' ? 'results.chart.hour' : 'results.chart.day')}</th>
                {SERIES.map((s) => (
                  <th scope="col" key={s.key}>
                    {t(s.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {points
                .filter((p) => p.sent + p.read + p.replied > 0)
                .map((p) => (
                  <tr key={p.at}>
                    <th scope="row">{formatBucket(p.at, tl.bucket, language, tl.timeZone)}</th>
                    {SERIES.map((s) => (
                      <td key={s.key}>{formatCount(p[s.key], language)}</td>
                    ))}
                  </tr>
                ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </figure>
  );
}

import { useId, useMemo, useState } from 'react';
import { CalendarRange, CircleCheck, CircleAlert, Handshake, Megaphone, MessageCircleReply, Percent, RefreshCw, Send, Smartphone, TrendingUp, Users } from 'lucide-react';
import type { Dashboard as DashboardData, DashboardRange } from '../../../../shared/api/methods/results';
import type { CampaignRunState } from '../../../../shared/api/methods/campaign-run';
import { useApiQuery } from '../../data';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { CampaignResultsPanel } from './CampaignResultsPanel';
import { SimulatedBadge } from './SimulatedBadge';
import { TimelineChart } from './TimelineChart';
import { formatCount, formatRate, todayKey } from './format';
import { formatReais } from '../../../../shared/results/money';
import { useDashboard, type RangeChoice } from './use-dashboard';

const RANGES: Array<{ id: DashboardRange; label: MessageKey }> = [
  { id: 'today', label: 'dashboard.range.today' },
  { id: '7d', label: 'dashboard.range.7d' },
  { id: '30d', label: 'dashboard.range.30d' },
  { id: 'custom', label: 'dashboard.range.custom' },
];

function Stat(props: { id: string; icon: typeof Users; label: string; value: string | null; sub?: string; empty?: string }) {
  const Icon = props.icon;
  return (
    <article className="stat" aria-busy={props.value === null}>
      <h3 className="stat__label">
        <Icon size={16} aria-hidden="true" /> {props.label}
      </h3>
      <p className="stat__value" data-testid={`stat-${props.id}`}>
        {props.value ?? '…'}
      </p>
      {props.empty ? <p className="stat__sub stat__sub--empty">{props.empty}</p> : props.sub ? <p className="stat__sub">{props.sub}</p> : null}
    </article>
  );
}

function RangeFilter(props: { choice: RangeChoice; onChange(c: RangeChoice): void; timeZone?: string }) {
  const t = useT();
  const [from, setFrom] = useState(props.choice.from ?? todayKey(props.timeZone));
  const [to, setTo] = useState(props.choice.to ?? todayKey(props.timeZone));
  const fromId = useId();
  const toId = useId();
  return (
    <div className="range-filter">
      <div className="range-filter__options" role="group" aria-label={t('dashboard.range.label')}>
        <CalendarRange size={16} aria-hidden="true" />
        {RANGES.map((r) => (
          <button
            key={r.id}
            type="button"
            className={`range-filter__option${props.choice.range === r.id ? ' is-active' : ''}`}
            aria-pressed={props.choice.range === r.id}
            onClick={() => (r.id === 'custom' ? props.onChange({ range: 'custom', from, to }) : props.onChange({ range: r.id }))}
          >
            {t(r.label)}
          </button>
        ))}
      </div>
      {props.choice.range === 'custom' ? (
        <form
          className="range-filter__custom"
          onSubmit={(e) => {
            e.preventDefault();
            props.onChange({ range: 'custom', from, to });
          }}
        >
          <label htmlFor={fromId}>{t('dashboard.range.from')}</label>
          <input id={fromId} type="date" value={from} max={to} required onChange={(e) => setFrom(e.target.value)} />
          <label htmlFor={toId}>{t('dashboard.range.to')}</label>
          <input id={toId} type="date" value={to} min={from} required onChange={(e) => setTo(e.target.value)} />
          <button type="submit" className="button button--secondary button--small">
            {t('dashboard.range.apply')}
          </button>
        </form>
      ) : null}
    </div>
  );
}

function NumbersHealth(props: { data: DashboardData | null }) {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const numbers = props.data?.numbers;
  return (
    <section className="card" aria-labelledby="dash-numbers-title">
      <h2 className="card__title" id="dash-numbers-title">
        <Smartphone size={18} aria-hidden="true" /> {t('dashboard.numbers.title')}
      </h2>
      {!numbers ? (
        <p className="loading" role="status">
          {t('results.loading')}
        </p>
      ) : numbers.length === 0 ? (
        <p className="results-empty">
          {t('dashboard.numbers.empty')} <a href="#/numeros">{t('dashboard.numbers.add')}</a>
        </p>
      ) : (
        <div className="results-table-wrap">
          <table className="results-table" data-testid="numbers-health">
            <thead>
              <tr>
                <th scope="col">{t('dashboard.numbers.col.number')}</th>
                <th scope="col">{t('dashboard.numbers.col.status')}</th>
                <th scope="col">{t('dashboard.numbers.col.today')}</th>
                <th scope="col">{t('dashboard.numbers.col.failures')}</th>
              </tr>
            </thead>
            <tbody>
              {numbers.map((n) => (
                <tr key={n.id}>
                  <th scope="row">
                    {n.label} {n.simulated ? <SimulatedBadge /> : null}
                  </th>
                  <td>
                    {n.flagged ? (
                      <span className="health health--bad">
                        <CircleAlert size={14} aria-hidden="true" /> {t('dashboard.numbers.flagged')}
                      </span>
                    ) : n.connected ? (
                      <span className="health health--ok">
                        <CircleCheck size={14} aria-hidden="true" /> {t('dashboard.numbers.connected')}
                      </span>
                    ) : (
                      <span className="health health--warn">
                        <CircleAlert size={14} aria-hidden="true" /> {t('dashboard.numbers.disconnected')}
                      </span>
                    )}
                  </td>
                  <td>
                    {n.cap !== null
                      ? t('dashboard.numbers.sentOfCap', { sent: formatCount(n.sentToday, language), cap: formatCount(n.cap, language) })
                      : formatCount(n.sentToday, language)}
                    {n.cap !== null ? <meter className="health__meter" min={0} max={n.cap} value={Math.min(n.sentToday, n.cap)} aria-label={t('dashboard.numbers.capUse', { label: n.label })} /> : null}
                  </td>
                  <td className={n.failedToday > 0 ? 'health--bad' : undefined}>{formatCount(n.failedToday, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The campaign the owner most likely wants to watch: running, else paused or scheduled, else the latest started. */
function pickFeatured(list: CampaignRunState[]): number | null {
  const withData = list.filter((c) => c.status !== 'draft');
  return (
    withData.find((c) => c.status === 'running')?.id ??
    withData.find((c) => c.status === 'paused')?.id ??
    withData.find((c) => c.status === 'scheduled')?.id ??
    withData[0]?.id ??
    null
  );
}

function FeaturedCampaign() {
  const t = useT();
  const [chosen, setChosen] = useState<number | null>(null);
  const selectId = useId();
  // The same cached overview as Campanhas, kept live by the event table.
  const overview = useApiQuery('campaigns.overview', undefined);
  const list = useMemo(() => (overview.error ? [] : overview.data?.filter((c) => c.status !== 'draft') ?? null), [overview.data, overview.error]);
  if (!list || list.length === 0) return null;
  const id = chosen !== null && list.some((c) => c.id === chosen) ? chosen : pickFeatured(list);
  if (id === null) return null;
  return (
    <div className="featured-campaign">
      <div className="featured-campaign__pick">
        <label htmlFor={selectId}>{t('dashboard.featured.pick')}</label>
        <select id={selectId} value={id} onChange={(e) => setChosen(Number(e.target.value))}>
          {list.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
        <a href={`#/campanhas/${id}`}>{t('dashboard.featured.open')}</a>
      </div>
      <CampaignResultsPanel key={id} campaignId={id} title={list.find((c) => c.id === id)?.name} />
    </div>
  );
}

/** Início with data: range filter, figures, chart, numbers' health and the campaign to watch. */
export function Dashboard(props: { choice: RangeChoice; onChoice(c: RangeChoice): void; dashboard: ReturnType<typeof useDashboard> }) {
  const t = useT();
  const errorText = useErrorText();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const timeZone = useAppStore((s) => s.settings?.timeZone);
  const { data, error, reload } = props.dashboard;
  const n = (v: number | undefined) => (data && v !== undefined ? formatCount(v, language) : null);
  const r = (v: number | null | undefined) => (data ? formatRate(v ?? null, language) : null);
  const noSends = data !== null && data.inRange.sent === 0;

  return (
    <div className="dashboard" data-testid="dashboard">
      <RangeFilter choice={props.choice} onChange={props.onChoice} timeZone={timeZone} />
      {error ? (
        <div className="banner banner--error" role="alert">
          <span>{errorText(error, t('results.loadError'))}</span>
          <button type="button" className="button button--secondary button--small" onClick={() => void reload()}>
            <RefreshCw size={14} aria-hidden="true" /> {t('results.retry')}
          </button>
        </div>
      ) : null}
      {data?.anySimulated ? <p className="dashboard__note">{t('dashboard.simulatedNote')}</p> : null}
      <div className="stats" aria-live="polite">
        <Stat id="contacts" icon={Users} label={t('dashboard.contacts')} value={n(data?.contacts.total)} sub={data ? t('dashboard.contacts.sub', { active: n(data.contacts.active)!, optedOut: n(data.contacts.optedOut)! }) : undefined} empty={data?.contacts.total === 0 ? t('dashboard.contacts.empty') : undefined} />
        <Stat id="sent-today" icon={Send} label={t('dashboard.sentToday')} value={n(data?.sent.today)} sub={data ? t('dashboard.sent.sub', { week: n(data.sent.last7)!, month: n(data.sent.last30)! }) : undefined} />
        <Stat id="success" icon={TrendingUp} label={t('dashboard.success')} value={r(data?.rates.success)} empty={noSends ? t('dashboard.noSends') : undefined} sub={data ? t('dashboard.inRange.sent', { n: n(data.inRange.sent)! }) : undefined} />
        <Stat id="campaigns" icon={Megaphone} label={t('dashboard.activeCampaigns')} value={n(data ? data.campaigns.running + data.campaigns.scheduled : undefined)} sub={data ? t('dashboard.campaigns.sub', { paused: n(data.campaigns.paused)!, total: n(data.campaigns.total)! }) : undefined} />
        <Stat id="replies" icon={MessageCircleReply} label={t('dashboard.replies')} value={n(data?.inRange.replied)} empty={noSends ? t('dashboard.noSends') : undefined} sub={data ? t('dashboard.replies.sub', { rate: r(data.rates.reply)! }) : undefined} />
        <Stat id="deals" icon={Handshake} label={t('dashboard.deals')} value={n(data?.inRange.closedDeals)} sub={t('dashboard.deals.sub')} />
        <Stat id="revenue" icon={Handshake} label={t('deals.revenue')} value={data ? formatReais(data.inRange.revenueCents, language) : null} sub={t('deals.revenue.dashboard')} />
        <Stat id="conversion" icon={Percent} label={t('dashboard.conversion')} value={r(data?.rates.conversion)} empty={noSends ? t('dashboard.noSends') : undefined} sub={t('dashboard.conversion.sub')} />
      </div>
      <section className="card">
        <TimelineChart timeline={data?.timeline ?? null} title={t(data?.timeline.bucket === 'day' ? 'dashboard.chart.daily' : 'dashboard.chart.hourly')} />
      </section>
      <NumbersHealth data={data} />
      <FeaturedCampaign />
    </div>
  );
}

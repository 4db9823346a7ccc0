import { Megaphone, Plus } from 'lucide-react';
import { useApiQuery, useReportedError } from '../../data';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useLanguage, useNumber, useT, waitText } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import { useCreateCampaign } from '../campaign-wizard';
import { campaignDetailHash } from './campaign-route';
import { CampaignStatusBadge } from './StatusBadge';
import { funnelOf, progressOf } from '../../../../shared/results';

/** All campaigns with status and live progress. */
export function CampaignList() {
  const t = useT();
  const language = useLanguage();
  const num = useNumber();
  const time = useDisplayTime();
  const { create, creating } = useCreateCampaign();
  // Kept live by the event table: `campaigns.changed` reads it again, `campaigns.progress` writes into it.
  const overview = useApiQuery('campaigns.overview', undefined);
  useReportedError(overview.error);
  const items = overview.data ?? null;

  const newButton = (
    <button type="button" className="button button--primary" disabled={creating} onClick={() => void create()}>
      <Plus size={16} aria-hidden="true" /> {t('campaigns.new')}
    </button>
  );

  if (items === null) {
    return (
      <>
        <PageHeader title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} />
        <p className="loading" role="status">
          {t('campaigns.detail.loading')}
        </p>
      </>
    );
  }
  if (items.length === 0) {
    return (
      <>
        <PageHeader title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} />
        <EmptyState icon={Megaphone} testId="campaigns-empty" title={t('campaigns.empty.title')} body={t('campaigns.empty.body')} actions={newButton} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('campaigns.title')} subtitle={t('campaigns.subtitle')} actions={newButton} />
      <ul className="campaign-list" aria-label={t('campaigns.list.label')}>
        {items.map((c) => {
          const done = progressOf(c.counters).done;
          return (
            <li key={c.id} className="card campaign-item" data-testid={`campaign-${c.id}`}>
              <div className="campaign-item__head">
                <a className="campaign-item__name" href={campaignDetailHash(c.id)}>
                  {c.name}
                </a>
                <CampaignStatusBadge state={c} />
              </div>
              {c.waiting ? <p className="campaign-item__wait">{waitText(language, c.waiting, (ms) => time.format(ms, true))}</p> : null}
              {c.counters.total > 0 ? (
                <>
                  <progress className="campaign-progress" max={c.counters.total} value={done} aria-label={t('campaigns.progress.label', { name: c.name })} />
                  <p className="campaign-item__stats">
                    {t('campaigns.list.progress', { done: num(done), total: num(c.counters.total) })} ·{' '}
                    {t('campaigns.list.stats', { sent: num(funnelOf(c.counters).sent), replied: num(c.counters.replied), failed: num(c.counters.failed) })}
                    {c.counters.cancelled > 0 ? <> · {t('campaigns.list.cancelled', { n: num(c.counters.cancelled) })}</> : null}
                  </p>
                </>
              ) : (
                <p className="campaign-item__stats">{t('campaigns.list.noAudience')}</p>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

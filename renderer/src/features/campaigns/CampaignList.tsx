import { useEffect, useState } from 'react';
import { Megaphone, Plus } from 'lucide-react';
import type { CampaignRunState } from '../../../../shared/api/methods/campaign-run';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { useLanguage, useNumber, useT, waitText } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import { useAppStore } from '../../store/app-store';
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
  const reportError = useAppStore((s) => s.reportError);
  const { create, creating } = useCreateCampaign();
  const [items, setItems] = useState<CampaignRunState[] | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      api.campaigns
        .overview()
        .then((list) => alive && setItems(list))
        .catch(reportError);
    void load();
    const offs = [
      api.on('campaigns.changed', () => void load()),
      api.on('campaigns.progress', (s) => setItems((list) => list?.map((c) => (c.id === s.id ? s : c)) ?? list)),
    ];
    return () => {
      alive = false;
      offs.forEach((off) => off());
    };
  }, [reportError]);

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

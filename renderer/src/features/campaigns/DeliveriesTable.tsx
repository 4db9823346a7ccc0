import { useEffect, useId, useState } from 'react';
import { DELIVERY_STATES, type DeliveryRowView, type DeliveryStateName } from '../../../../shared/api/methods/campaign-run';
import { api } from '../../api';
import { useLanguage, useT, type MessageKey } from '../../i18n';
import { deliveryReason } from '../../../../shared/results';
import { useAppStore } from '../../store/app-store';
import { useDisplayTime } from '../../lib/use-display-time';
import { Pager } from '../../components/Pager';

const PAGE = 50;

/** The latest thing that happened to a delivery; nothing for one still waiting. */
function whenOf(r: DeliveryRowView, format: (ms: number) => string): string {
  const at = r.readAt ?? r.deliveredAt ?? r.sentAt ?? (r.state === 'queued' ? null : r.updatedAt);
  return at === null ? '' : format(at);
}

/** One row per contact of the campaign, filterable by state, paged; refreshed as the campaign moves. */
export function DeliveriesTable(props: { campaignId: number; version: number }) {
  const t = useT();
  const language = useLanguage();
  const time = useDisplayTime();
  const reportError = useAppStore((s) => s.reportError);
  const filterId = useId();
  const [state, setState] = useState<DeliveryStateName | ''>('');
  const [page, setPage] = useState(0);
  const [data, setData] = useState<{ total: number; rows: DeliveryRowView[] } | null>(null);
  const { campaignId, version } = props;

  useEffect(() => {
    let alive = true;
    api.campaigns
      .deliveries({ id: campaignId, ...(state ? { states: [state] } : {}), offset: page * PAGE, limit: PAGE })
      .then((d) => alive && setData(d))
      .catch(reportError);
    return () => {
      alive = false;
    };
  }, [campaignId, state, page, version, reportError]);

  const pages = Math.max(1, Math.ceil((data?.total ?? 0) / PAGE));
  return (
    <section className="card deliveries" aria-labelledby={`${filterId}-title`}>
      <div className="deliveries__head">
        <h2 className="card__title" id={`${filterId}-title`}>
          {t('campaigns.deliveries.title')}
        </h2>
        <div className="deliveries__filter">
          <label htmlFor={filterId}>{t('campaigns.deliveries.filter')}</label>
          <select
            id={filterId}
            value={state}
            onChange={(e) => {
              setState(e.target.value as DeliveryStateName | '');
              setPage(0);
            }}
          >
            <option value="">{t('campaigns.deliveries.all')}</option>
            {DELIVERY_STATES.map((s) => (
              <option key={s} value={s}>
                {t(`delivery.state.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {data && data.rows.length === 0 ? (
        <p className="deliveries__empty">{t('campaigns.deliveries.empty')}</p>
      ) : (
        <div className="deliveries__scroll">
          <table className="deliveries__table">
            <thead>
              <tr>
                <th scope="col">{t('campaigns.deliveries.col.contact')}</th>
                <th scope="col">{t('campaigns.deliveries.col.phone')}</th>
                <th scope="col">{t('campaigns.deliveries.col.state')}</th>
                <th scope="col">{t('campaigns.deliveries.col.variation')}</th>
                <th scope="col">
                  {t('campaigns.deliveries.col.when')}
                  {time.note ? <span className="deliveries__zone"> ({time.note})</span> : null}
                </th>
                <th scope="col">{t('campaigns.deliveries.col.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {(data?.rows ?? []).map((r) => (
                <tr key={r.id}>
                  <td>{r.name ?? '—'}</td>
                  <td className="deliveries__phone">{r.phone ?? '—'}</td>
                  <td>
                    <span className={`badge delivery-badge delivery-badge--${r.state}`}>{t(`delivery.state.${r.state}` as MessageKey)}</span>
                    {r.repliedAt ? <span className="badge badge--muted">{t('campaigns.deliveries.replied')}</span> : null}
                  </td>
                  <td>{r.variation === null ? '—' : r.variation + 1}</td>
                  <td>{whenOf(r, time.format)}</td>
                  <td className="deliveries__detail" title={r.text ?? undefined}>
                    {deliveryReason(language, r)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={page} pages={pages} onPage={setPage} />
    </section>
  );
}

import { useId, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { DELIVERY_STATES, type DeliveryRowView, type DeliveryStateName } from '../../../../shared/api/methods/campaign-run';
import { useApiQuery, useReportedError } from '../../data';
import { useLanguage, useT, type MessageKey } from '../../i18n';
import { deliveryReason } from '../../../../shared/results';
import { useDisplayTime } from '../../lib/use-display-time';
import { Pager } from '../../components/Pager';

const PAGE = 50;

/** The latest thing that happened to a delivery; nothing for one still waiting. */
function whenOf(r: DeliveryRowView, format: (ms: number) => string): string {
  const at = r.readAt ?? r.deliveredAt ?? r.sentAt ?? (r.state === 'queued' ? null : r.updatedAt);
  return at === null ? '' : format(at);
}

/** One row per contact of the campaign, filterable by state, paged; refreshed as the campaign moves. */
export function DeliveriesTable(props: { campaignId: number }) {
  const t = useT();
  const language = useLanguage();
  const time = useDisplayTime();
  const filterId = useId();
  const [state, setState] = useState<DeliveryStateName | ''>('');
  const [page, setPage] = useState(0);
  const { campaignId } = props;
  // Read again by the event table while the campaign moves (at most about once a second).
  // The page on screen stays while the next one (or a new filter) loads.
  const deliveries = useApiQuery('campaigns.deliveries', { id: campaignId, ...(state ? { states: [state] } : {}), offset: page * PAGE, limit: PAGE }, { placeholderData: keepPreviousData });
  useReportedError(deliveries.error);
  const data = deliveries.data ?? null;

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
                  <td className="deliveries__detail" title={r.text ?? undefined} data-user-data={r.errorReason || r.errorCode ? undefined : ''}>
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

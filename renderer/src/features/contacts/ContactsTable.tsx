import { useEffect, useRef } from 'react';
import { Download, Pencil, Phone, Trash2 } from 'lucide-react';
import type { ContactRow } from '../../../../shared/api/methods/leads';
import { useT, type MessageKey } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import { useVirtualRows } from './use-virtual-rows';

export const ROW_HEIGHT = 44;

const STATUS_LABEL: Record<ContactRow['status'], MessageKey> = {
  active: 'contacts.status.active',
  opted_out: 'contacts.status.opted_out',
  invalid: 'contacts.status.invalid',
};

/** A virtualized table: only the rows in view exist in the DOM, whatever the total. */
export function ContactsTable(props: {
  total: number;
  version: number;
  rowAt(index: number): ContactRow | undefined;
  onRange(first: number, last: number): void;
  onEdit(c: ContactRow): void;
  onDelete(c: ContactRow): void;
  onExport(c: ContactRow): void;
}) {
  const t = useT();
  const scrollRef = useRef<HTMLDivElement>(null);
  const { height, rows } = useVirtualRows({ count: props.total, rowHeight: ROW_HEIGHT, scrollRef });
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  const { onRange } = props;
  useEffect(() => onRange(first, last), [first, last, onRange]);

  const time = useDisplayTime();
  // The day in the app's time zone, as every date and time on screen.
  const date = (ms: number | null) => (ms ? time.date(ms) : '');

  return (
    <div className="contacts-table" role="table" aria-label={t('contacts.table.label')} aria-rowcount={props.total + 1}>
      <div className="contacts-table__head" role="rowgroup">
        <div className="contacts-row contacts-row--head" role="row" aria-rowindex={1}>
          <span role="columnheader">{t('contacts.col.nameEmail')}</span>
          <span role="columnheader">{t('contacts.col.phone')}</span>
          <span role="columnheader">{t('contacts.col.lists')}</span>
          <span role="columnheader">{t('contacts.col.consent')}</span>
          <span role="columnheader">{t('contacts.col.status')}</span>
          <span role="columnheader">
            <span className="visually-hidden">{t('contacts.col.actions')}</span>
          </span>
        </div>
      </div>
      <div className="contacts-table__scroll" ref={scrollRef} tabIndex={0} role="rowgroup" aria-label={t('contacts.table.scroll')}>
        <div className="contacts-table__space" style={{ height }}>
          {rows.map(({ index, top }) => {
            const c = props.rowAt(index);
            if (!c) {
              return (
                <div key={index} className="contacts-row contacts-row--loading" role="row" aria-rowindex={index + 2} style={{ transform: `translateY(${top}px)` }}>
                  <span role="cell" className="skeleton" aria-label={t('common.loading')} />
                </div>
              );
            }
            const name = c.name ?? t('contacts.noName');
            return (
              <div key={index} className={`contacts-row contacts-row--${c.status}`} role="row" aria-rowindex={index + 2} data-testid="contact-row" style={{ transform: `translateY(${top}px)` }}>
                <span role="cell" className="contacts-cell--name" title={[c.name, c.email].filter(Boolean).join(' · ')}>
                  <span>{c.name ?? <em className="muted">{t('contacts.noName')}</em>}</span>
                  {c.email ? <small>{c.email}</small> : null}
                </span>
                <span role="cell" className="contacts-cell--phone">
                  {c.phoneDisplay}
                  {c.kind === 'landline' ? (
                    <span className="badge badge--muted" title={t('contacts.landline.help')}>
                      <Phone size={11} aria-hidden="true" /> {t('contacts.landline')}
                    </span>
                  ) : null}
                </span>
                <span role="cell" className="contacts-cell--lists" title={c.lists.map((l) => l.name).join(', ')}>
                  {c.lists.map((l) => l.name).join(', ')}
                </span>
                <span role="cell" className="contacts-cell--consent" title={c.consentSource ?? ''}>
                  {c.consentSource ? (
                    <>
                      {c.consentSource}
                      <small>{date(c.consentAt)}</small>
                    </>
                  ) : (
                    <em className="muted">{t('contacts.consent.none')}</em>
                  )}
                </span>
                <span role="cell">
                  <span className={`badge badge--${c.status}`}>{t(STATUS_LABEL[c.status])}</span>
                </span>
                <span role="cell" className="contacts-cell--actions">
                  <button type="button" className="icon-button" aria-label={t('contacts.action.edit', { name })} title={t('contacts.action.editShort')} onClick={() => props.onEdit(c)}>
                    <Pencil size={16} aria-hidden="true" />
                  </button>
                  <button type="button" className="icon-button" aria-label={t('contacts.action.export', { name })} title={t('contacts.action.exportShort')} onClick={() => props.onExport(c)}>
                    <Download size={16} aria-hidden="true" />
                  </button>
                  <button type="button" className="icon-button icon-button--danger" aria-label={t('contacts.action.delete', { name })} title={t('contacts.action.deleteShort')} onClick={() => props.onDelete(c)}>
                    <Trash2 size={16} aria-hidden="true" />
                  </button>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

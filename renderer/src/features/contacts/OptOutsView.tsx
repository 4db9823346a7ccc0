import { useCallback, useState } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import { ArrowLeft, Download, RefreshCw, UserX } from 'lucide-react';
import { formatPhone } from '../../../../shared/phone';
import { api } from '../../api';
import { EmptyState } from '../../components/EmptyState';
import { useApiQuery } from '../../data';
import { PageHeader } from '../../components/PageHeader';
import { Pager } from '../../components/Pager';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { downloadText } from '../../lib/downloads';
import { useAppStore } from '../../store/app-store';
import { listHash } from './contacts-route';

const PAGE = 50;

/**
 * "Descadastros": everyone who asked not to be messaged, newest first, with when and how
 * (reply keyword, manual edit), and the whole list as CSV. No campaign ever sends to them.
 */
export function OptOutsView() {
  const t = useT();
  const errorText = useErrorText();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const timeZone = useAppStore((s) => s.settings?.timeZone);
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [page, setPage] = useState(0);
  const [exporting, setExporting] = useState(false);

  // Someone replies SAIR while the page is open: the event table reads the list again (one read
  // per burst) on opt-out and contact changes. The last page stays shown while the next is read.
  const query = useApiQuery('optOuts.list', { offset: page * PAGE, limit: PAGE }, { placeholderData: keepPreviousData });
  const data = query.data ?? null;
  const error = query.error;
  const { refetch } = query;
  const load = useCallback(async () => void (await refetch()), [refetch]);

  const exportCsv = async () => {
    setExporting(true);
    try {
      const r = await api.optOuts.exportCsv();
      downloadText(r.csv, r.fileName);
      notify('success', t('optOuts.exported', { file: r.fileName }));
    } catch (err) {
      reportError(err);
    } finally {
      setExporting(false);
    }
  };

  const when = (ms: number | null) => (ms === null ? '—' : new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms)));
  const sourceLabel = (source: string | null) => (source ? t(`optOuts.source.${source}` as MessageKey) : '—');
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;

  return (
    <>
      <PageHeader
        title={t('optOuts.title')}
        subtitle={t('optOuts.subtitle')}
        actions={
          <>
            <a className="button button--secondary" href={listHash(null)}>
              <ArrowLeft size={16} aria-hidden="true" /> {t('optOuts.back')}
            </a>
            <button type="button" className="button button--secondary" disabled={!data?.total || exporting} onClick={() => void exportCsv()}>
              <Download size={16} aria-hidden="true" /> {exporting ? t('optOuts.exporting') : t('optOuts.export')}
            </button>
          </>
        }
      />
      {error && !data ? (
        <div className="banner banner--error" role="alert">
          <span>{errorText(error, t('optOuts.loadError'))}</span>
          <button type="button" className="button button--secondary button--small" onClick={() => void load()}>
            <RefreshCw size={14} aria-hidden="true" /> {t('optOuts.retry')}
          </button>
        </div>
      ) : !data ? (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      ) : data.total === 0 ? (
        <EmptyState icon={UserX} testId="optouts-empty" title={t('optOuts.empty.title')} body={t('optOuts.empty.body')} />
      ) : (
        <section className="card" aria-label={t('optOuts.title')}>
          <p role="status" data-testid="optouts-count">
            {data.total === 1 ? t('optOuts.count.one') : t('optOuts.count', { count: data.total.toLocaleString(language) })}
          </p>
          <div className="deliveries__scroll">
            <table className="deliveries__table" data-testid="optouts-table">
              <thead>
                <tr>
                  <th scope="col">{t('optOuts.col.contact')}</th>
                  <th scope="col">{t('optOuts.col.phone')}</th>
                  <th scope="col">{t('optOuts.col.when')}</th>
                  <th scope="col">{t('optOuts.col.source')}</th>
                  <th scope="col">{t('optOuts.col.keyword')}</th>
                </tr>
              </thead>
              <tbody>
                {data.rows.map((r) => (
                  <tr key={r.contactId}>
                    <td>{r.name ?? '—'}</td>
                    <td className="deliveries__phone">{formatPhone(r.phone)}</td>
                    <td>{when(r.optedOutAt)}</td>
                    <td>{sourceLabel(r.source)}</td>
                    <td>{r.keyword ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {pages > 1 ? <Pager page={page} pages={pages} onPage={setPage} /> : null}
        </section>
      )}
    </>
  );
}

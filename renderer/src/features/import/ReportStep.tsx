import { AlertTriangle, CheckCircle2, Download } from 'lucide-react';
import type { ImportReportView } from '../../../../shared/api/methods/leads';
import { importWarningText, useErrorText, useLanguage, useNumber, useT, type MessageKey } from '../../i18n';

/** Step 5: what happened to every row, and the rejected ones to fix and import again. */
export function ReportStep(props: { report: ImportReportView; onDownloadRejected(): void; onShowContacts(): void; onAnother(): void }) {
  const t = useT();
  const errorText = useErrorText();
  const r = props.report;
  const nf = useNumber();
  const language = useLanguage();
  const stats: Array<[MessageKey, number, string]> = [
    ['import.report.read', r.rowsRead, 'read'],
    ['import.report.imported', r.imported, 'imported'],
    ['import.report.updated', r.updated, 'updated'],
    ['import.report.unchanged', r.unchanged, 'unchanged'],
    ['import.report.duplicates', r.duplicates, 'duplicates'],
    ['import.report.invalid', r.invalid, 'invalid'],
    ['import.report.optedOut', r.optedOut, 'opted-out'],
    ['import.report.filtered', r.skippedByFilter, 'filtered'],
  ];
  const shown = stats.filter(([, n, id], i) => i < 2 || n > 0 || id === 'invalid' || id === 'duplicates');
  const secs = (r.durationMs / 1000).toLocaleString(language, { maximumFractionDigits: 1 });
  const rejectedTotal = r.invalid;

  return (
    <div className="import-step">
      <p className="import-report__headline" role="status">
        <CheckCircle2 size={20} aria-hidden="true" /> {t('import.report.done', { list: r.listName, secs })}
      </p>
      <dl className="import-report__stats" data-testid="import-report">
        {shown.map(([key, n, id]) => (
          <div key={id} className={`import-stat import-stat--${id}${n === 0 ? ' import-stat--none' : ''}`} data-testid={`import-report-${id}`}>
            <dt>{t(key)}</dt>
            <dd>{nf(n)}</dd>
          </div>
        ))}
      </dl>
      {r.optedOut > 0 ? <p className="field__help">{t('import.report.optedOutHelp')}</p> : null}

      {r.warnings && r.warnings.length > 0 ? (
        <section className="import-warnings" aria-labelledby="import-warnings-title" data-testid="import-warnings">
          <h3 className="section-title" id="import-warnings-title">
            <AlertTriangle size={16} aria-hidden="true" /> {t('import.report.warningsTitle')}
          </h3>
          <ul className="import-warnings__list">
            {r.warnings.map((w) => (
              <li key={w.code} className="banner banner--warning" data-testid={`import-warning-${w.code}`}>
                {importWarningText(language, w)}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {rejectedTotal > 0 ? (
        <section className="import-rejected" aria-labelledby="import-rejected-title">
          <div className="import-rejected__head">
            <h3 className="section-title" id="import-rejected-title">
              {t('import.report.rejectedTitle', { count: nf(rejectedTotal) })}
            </h3>
            <button type="button" className="button button--secondary button--small" onClick={props.onDownloadRejected}>
              <Download size={14} aria-hidden="true" /> {t('import.report.downloadRejected')}
            </button>
          </div>
          <div className="import-preview" tabIndex={0} role="region" aria-labelledby="import-rejected-title">
            <table className="import-preview__table">
              <thead>
                <tr>
                  <th scope="col">{t('import.report.row')}</th>
                  <th scope="col">{t('import.report.reason')}</th>
                  {r.headers.map((h, i) => (
                    <th key={i} scope="col">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {r.rejected.slice(0, 50).map((x) => (
                  <tr key={x.row}>
                    <td>{x.row}</td>
                    <td className="import-rejected__reason">{errorText({ code: `phone.${x.reason}`, message: x.message }, x.message)}</td>
                    {r.headers.map((_, i) => (
                      <td key={i}>{x.raw[i] ?? ''}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {rejectedTotal > 50 ? <p className="field__help">{t('import.report.moreRejected', { count: nf(rejectedTotal - 50) })}</p> : null}
        </section>
      ) : null}

      <div className="form-actions">
        <button type="button" className="button button--primary" onClick={props.onShowContacts}>
          {t('import.report.showContacts')}
        </button>
        <button type="button" className="button button--secondary" onClick={props.onAnother}>
          {t('import.report.another')}
        </button>
      </div>
    </div>
  );
}

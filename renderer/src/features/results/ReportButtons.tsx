import { useState } from 'react';
import { FileDown, FileSpreadsheet } from 'lucide-react';
import type { ReportFormat } from '../../../../shared/api/methods/results';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { exportCampaignReport } from './download';

/** "Exportar CSV" / "Exportar Excel": one row per delivery. */
export function ReportButtons(props: { campaignId: number }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [busy, setBusy] = useState<ReportFormat | null>(null);
  const run = async (format: ReportFormat) => {
    setBusy(format);
    try {
      const r = await exportCampaignReport(props.campaignId, format);
      // Desktop: closing the save dialog is not an error, nothing to say.
      if (r.status === 'cancelled') return;
      notify('success', r.status === 'download' ? t('reports.downloaded', { file: r.fileName, rows: r.rows }) : t('reports.saved', { file: r.file, rows: r.rows }), { subject: `report.${props.campaignId}` });
    } catch (err) {
      reportError(err, { subject: `report.${props.campaignId}` });
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="results-actions" role="group" aria-label={t('reports.title')}>
      <button type="button" className="button button--secondary button--small" disabled={busy !== null} onClick={() => void run('csv')}>
        <FileDown size={15} aria-hidden="true" /> {busy === 'csv' ? t('reports.working') : t('reports.csv')}
      </button>
      <button type="button" className="button button--secondary button--small" disabled={busy !== null} onClick={() => void run('xlsx')}>
        <FileSpreadsheet size={15} aria-hidden="true" /> {busy === 'xlsx' ? t('reports.working') : t('reports.xlsx')}
      </button>
    </div>
  );
}

import { api } from '../../api';
import { startDownload } from '../../lib/downloads';
import type { ReportFormat, ReportResult } from '../../../../shared/api/methods/results';

/** Asks the core for a campaign report; browser mode downloads it, desktop saves it where the user chose. */
export async function exportCampaignReport(id: number, format: ReportFormat): Promise<ReportResult> {
  const result = await api.reports.campaign({ id, format });
  if (result.status === 'download') startDownload(result.url, result.fileName);
  return result;
}

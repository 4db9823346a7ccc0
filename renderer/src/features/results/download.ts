import { api } from '../../api';
import type { ReportFormat, ReportResult } from '../../../../shared/api/methods/results';

/** Starts a browser download of a one-time URL the core offered (browser mode). */
export function startDownload(url: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** Asks the core for a campaign report; browser mode downloads it, desktop saves it in the data folder. */
export async function exportCampaignReport(id: number, format: ReportFormat): Promise<ReportResult> {
  const result = await api.reports.campaign({ id, format });
  if (result.status === 'download') startDownload(result.url, result.fileName);
  return result;
}

import { csvLine, CSV_BOM } from './csv-out';
import type { ImportReport } from './import-types';
import { plural } from '../../../shared/i18n/plural';

/**
 * The rejected rows as a CSV the shop owner can open, fix and import again: the original
 * columns, then the spreadsheet row number and the reason. Formula-like cells are neutralized.
 */
export function rejectedCsv(report: Pick<ImportReport, 'rejected' | 'headers' | 'rejectedOmitted'>): string {
  const width = Math.max(report.headers.length, ...report.rejected.map((r) => r.raw.length));
  const headers = Array.from({ length: width }, (_, i) => report.headers[i] ?? `Coluna ${i + 1}`);
  let out = CSV_BOM + csvLine([...headers, 'Linha na planilha', 'Motivo']);
  for (const r of report.rejected) {
    const cells = Array.from({ length: width }, (_, i) => r.raw[i] ?? '');
    out += csvLine([...cells, r.row, r.message]);
  }
  if (report.rejectedOmitted > 0) {
    out += csvLine([`… e mais ${plural(report.rejectedOmitted, 'linha com erro não listada', 'linhas com erro não listadas')} aqui.`]);
  }
  return out;
}

import type { CountryCode } from '../../../../shared/phone';
import { looksLikePhone } from './header';

/** What the sheet picker shows for one sheet of a workbook. */
export interface SheetSummary {
  name: string;
  /** Rows with any content (the sheet's used range when only its first rows were read). */
  rows: number;
  /** Rows holding a phone number, among the rows read. */
  phoneRows: number;
}

/** Counts rows with content and rows holding a phone. */
export function summarizeRows(name: string, rows: string[][], defaultCountry: CountryCode = 'BR'): SheetSummary {
  let filled = 0;
  let phoneRows = 0;
  for (const row of rows) {
    if (!row.some((v) => (v ?? '').trim() !== '')) continue;
    filled++;
    if (row.some((v) => looksLikePhone(v, defaultCountry))) phoneRows++;
  }
  return { name, rows: filled, phoneRows };
}

/**
 * The sheet to open first: the one with the most phone-like rows (the leads), else the first one
 * with any content. Workbooks often start with a summary or cover sheet.
 */
export function pickSheet(sheets: readonly SheetSummary[]): string | undefined {
  let best: SheetSummary | undefined;
  for (const s of sheets) if (s.phoneRows > 0 && (!best || s.phoneRows > best.phoneRows)) best = s;
  return (best ?? sheets.find((s) => s.rows > 0))?.name;
}

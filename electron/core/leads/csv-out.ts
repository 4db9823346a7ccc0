/** CSV writing for files the shop owner opens in Excel (pt-BR): ';', CRLF, UTF-8 with BOM. */

export const CSV_BOM = '\ufeff';
const DELIM = ';';

/**
 * Neutralizes spreadsheet formulas (=, +, -, @, tab, CR at the start) with a leading apostrophe.
 * Plain numbers such as "+55 11 98765-4321" or "-12,5" are left alone: they cannot run anything.
 */
export function escapeFormula(value: string): string {
  if (value === '') return value;
  const c = value.charCodeAt(0);
  const risky = c === 61 /* = */ || c === 43 /* + */ || c === 45 /* - */ || c === 64 /* @ */ || c === 9 || c === 13;
  if (!risky) return value;
  if ((c === 43 || c === 45) && /^[+-][\d\s().,-]*$/.test(value) && /\d/.test(value)) return value;
  return "'" + value;
}

export function csvCell(value: unknown): string {
  const s = escapeFormula(value === null || value === undefined ? '' : String(value));
  return /[";\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(DELIM) + '\r\n';
}

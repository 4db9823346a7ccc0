import fs from 'node:fs';
import type * as XLSX from 'xlsx';
import { sheetjs } from '../../lib/sheetjs';
import { ImportError } from '../errors';
import type { RowBatch } from './csv';
import { cellText } from './format-cell';
import { summarizeRows, type SheetSummary } from './pick-sheet';
import type { CountryCode } from '../../../../shared/phone';

export interface Workbook {
  sheetNames: string[];
  book: XLSX.WorkBook;
}

function readBuffer(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    throw new ImportError(
      'import.file_not_found',
      'Não foi possível abrir a planilha. Feche-a no Excel e tente de novo.',
      { cause: (err as NodeJS.ErrnoException).code },
      { variant: 'locked', file: '' },
    );
  }
}

function mapReadError(err: unknown): ImportError {
  const msg = String((err as Error)?.message ?? err);
  if (/password/i.test(msg)) {
    return new ImportError(
      'import.encrypted_xlsx',
      'A planilha está protegida por senha. Abra-a no Excel, remova a senha (Arquivo > Informações > Proteger Pasta de Trabalho) e salve de novo, ou salve como CSV.',
    );
  }
  return new ImportError(
    'import.corrupt_file',
    'Não foi possível ler esta planilha: o arquivo parece corrompido ou não é do Excel. Abra-o no Excel e use "Salvar como" > "Pasta de Trabalho do Excel (.xlsx)" ou "CSV UTF-8".',
    { cause: msg.slice(0, 200) },
  );
}

const READ_OPTS: XLSX.ParsingOptions = {
  type: 'buffer',
  dense: true,
  cellFormula: false,
  cellHTML: false,
  cellStyles: false,
  cellNF: true,
  cellDates: false,
  // No formatted text for every cell: it doubles memory and is computed below when needed.
  cellText: false,
};

/** Lists sheets without parsing their cells. */
export function listSheets(file: string): string[] {
  try {
    return sheetjs().read(readBuffer(file), { type: 'buffer', bookSheets: true }).SheetNames;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw mapReadError(err);
  }
}

/** Parses a workbook (optionally one sheet only, optionally only its first rows); `file` may be its bytes. */
export function readWorkbook(file: string | Buffer, opts: { sheet?: string; maxRows?: number } = {}): Workbook {
  const buf = typeof file === 'string' ? readBuffer(file) : file;
  try {
    const book = sheetjs().read(buf, { ...READ_OPTS, sheets: opts.sheet, sheetRows: opts.maxRows });
    return { sheetNames: book.SheetNames, book };
  } catch (err) {
    throw mapReadError(err);
  }
}

export function sheetRange(ws: XLSX.WorkSheet): XLSX.Range | null {
  const ref = (ws['!fullref'] as string | undefined) ?? ws['!ref'];
  return ref ? sheetjs().utils.decode_range(ref) : null;
}

/** Number of rows of a sheet, even when it was read with a row limit. */
export function sheetRowCount(ws: XLSX.WorkSheet): number {
  const r = sheetRange(ws);
  return r ? r.e.r - r.s.r + 1 : 0;
}

export { cellText } from './format-cell';

/** Rows of a sheet as text, in batches; empty rows are kept so numbering matches Excel. */
export function* sheetBatches(ws: XLSX.WorkSheet, batchSize = 5000, maxRows?: number): Generator<RowBatch> {
  const range = ws['!ref'] ? sheetjs().utils.decode_range(ws['!ref']) : null;
  if (!range) return;
  const data = (ws as unknown as { '!data'?: XLSX.CellObject[][] })['!data'] ?? [];
  const lastRow = maxRows ? Math.min(range.e.r, range.s.r + maxRows - 1) : range.e.r;
  const c0 = range.s.c;
  const c1 = range.e.c;
  let rows: string[][] = [];
  let startRow = range.s.r + 1;
  for (let r = range.s.r; r <= lastRow; r++) {
    const src = data[r];
    const row: string[] = [];
    if (src) {
      let lastNonEmpty = -1;
      for (let c = c0; c <= c1; c++) {
        const t = cellText(src[c]);
        row.push(t);
        if (t !== '') lastNonEmpty = c - c0;
      }
      row.length = lastNonEmpty + 1;
    }
    rows.push(row);
    if (rows.length >= batchSize) {
      yield { rows, startRow };
      startRow += rows.length;
      rows = [];
    }
  }
  if (rows.length > 0) yield { rows, startRow };
}

/** The first sheet that has any cell. */
export function firstNonEmptySheet(wb: Workbook): string | undefined {
  return wb.sheetNames.find((n) => {
    const ws = wb.book.Sheets[n];
    return ws && ws['!ref'] && sheetRowCount(ws) > 0 && hasAnyCell(ws);
  });
}

function hasAnyCell(ws: XLSX.WorkSheet): boolean {
  const data = (ws as unknown as { '!data'?: XLSX.CellObject[][] })['!data'] ?? [];
  return data.some((row) => row && row.some((c) => cellText(c) !== ''));
}

/** Rows read per sheet to judge which one holds the leads. */
export const SHEET_SCAN_ROWS = 240;

/** Each sheet's size and phone-like rows (from its first rows), for choosing and for the picker. */
export function summarizeSheets(wb: Workbook, defaultCountry: CountryCode = 'BR', scanRows = SHEET_SCAN_ROWS): SheetSummary[] {
  return wb.sheetNames.map((name) => {
    const ws = wb.book.Sheets[name];
    if (!ws || !ws['!ref']) return { name, rows: 0, phoneRows: 0 };
    const rows: string[][] = [];
    for (const b of sheetBatches(ws, 5000, scanRows)) rows.push(...b.rows);
    const summary = summarizeRows(name, rows, defaultCountry);
    // Only the first rows were read: the used range tells the size of the rest.
    const total = sheetRowCount(ws);
    return total > rows.length ? { ...summary, rows: Math.max(summary.rows, total) } : summary;
  });
}

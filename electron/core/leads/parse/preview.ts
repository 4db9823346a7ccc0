import type { CountryCode } from '../../../../shared/phone';
import { ImportError } from '../errors';
import type { Delimiter } from './dialect';
import type { TextEncoding } from './encoding';
import { detectHeaderRow } from './header';
import { columnLetter, suggestMapping, type SuggestedMapping } from './mapping';
import type { FileFormat } from './sniff';
import type { SheetSummary } from './pick-sheet';
import { openSource, type ImportInput, type SourceOptions } from './source';

export interface PreviewOptions {
  sheet?: string;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  /** Force the header row (0-based record index, -1 = no header). */
  headerRow?: number;
  defaultCountry?: CountryCode;
}

export interface FilePreview {
  format: FileFormat;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  sheets?: string[];
  /** Each sheet's rows and phone-like rows, for the sheet picker. */
  sheetInfo?: SheetSummary[];
  sheet?: string;
  /** 0-based index of the header among the file's rows; -1 when the file has no header. */
  headerRow: number;
  headers: string[];
  /** Columns without a title (shown as "Coluna F"): not offered as variables until named. */
  untitled: number[];
  /** First data rows after the header (at most 20), padded to the header width. */
  rows: string[][];
  totalRowsEstimate?: number;
  suggestedMapping: SuggestedMapping;
}

const SAMPLE_ROWS = 200;

/** Reads just enough of a file to show it and propose a column mapping. */
export async function previewInput(input: ImportInput, opts: PreviewOptions = {}): Promise<FilePreview> {
  const srcOpts: SourceOptions = { sheet: opts.sheet, encoding: opts.encoding, delimiter: opts.delimiter, defaultCountry: opts.defaultCountry, maxRows: SAMPLE_ROWS + 40 };
  const src = await openSource(input, srcOpts);
  const raw: string[][] = [];
  let bytesForSample = 0;
  const it = src.batches();
  try {
    for await (const b of it) {
      raw.push(...b.rows);
      if (raw.length >= SAMPLE_ROWS + 40) break;
    }
  } finally {
    bytesForSample = (src.totalBytes ?? 0) * src.progress();
    await it.return(undefined);
  }
  const nonEmpty = raw.filter((r) => r.some((v) => (v ?? '').trim() !== ''));
  if (nonEmpty.length === 0) {
    throw new ImportError('import.empty_file', 'A planilha não tem nenhuma linha preenchida. Confira se escolheu o arquivo (ou a aba) certo.', undefined, { variant: 'rows' });
  }
  const defaultCountry = opts.defaultCountry ?? 'BR';
  const headerRow = opts.headerRow ?? detectHeaderRow(raw, defaultCountry);
  const dataRows = raw.slice(headerRow + 1).filter((r) => r.some((v) => (v ?? '').trim() !== ''));
  const width = Math.max(headerRow >= 0 ? raw[headerRow].length : 0, ...dataRows.slice(0, SAMPLE_ROWS).map((r) => r.length));
  const headers = Array.from({ length: width }, (_, i) => {
    const h = headerRow >= 0 ? (raw[headerRow][i] ?? '').trim() : '';
    return h;
  });
  const suggestedMapping = suggestMapping(headers, dataRows.slice(0, SAMPLE_ROWS), defaultCountry);
  const shownHeaders = headers.map((h, i) => h || `Coluna ${columnLetter(i)}`);
  const rows = dataRows.slice(0, 20).map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));

  let totalRowsEstimate: number | undefined;
  if (src.totalRows !== undefined) totalRowsEstimate = Math.max(0, src.totalRows - (headerRow + 1));
  else if (src.format === 'text') totalRowsEstimate = dataRows.length;
  else if (src.totalBytes && bytesForSample >= src.totalBytes) totalRowsEstimate = dataRows.length;
  else if (src.totalBytes && raw.length > 0 && bytesForSample > 0) {
    totalRowsEstimate = Math.round((src.totalBytes / bytesForSample) * raw.length) - (headerRow + 1);
  }

  return {
    format: src.format,
    encoding: src.encoding,
    delimiter: src.delimiter,
    sheets: src.sheets,
    sheetInfo: src.sheetInfo,
    sheet: src.sheet,
    headerRow,
    headers: shownHeaders,
    untitled: headers.flatMap((h, i) => (h ? [] : [i])),
    rows,
    totalRowsEstimate,
    suggestedMapping,
  };
}

export function previewFile(path: string, opts: PreviewOptions = {}): Promise<FilePreview> {
  return previewInput({ path }, opts);
}

import path from 'node:path';
import { ImportError } from '../errors';
import { csvFileBatches, parseCsvText, type RowBatch } from './csv';
import { detectDelimiter, detectNewline, type Delimiter, type Newline } from './dialect';
import { decodeAll, detectEncoding, type TextEncoding } from './encoding';
import { readHead, sniffFormat, type FileFormat } from './sniff';
import { pickSheet, type SheetSummary } from './pick-sheet';
import type { CountryCode } from '../../../../shared/phone';

/** What to read: a file on disk, or text pasted from the clipboard (usually tab-separated). */
export type ImportInput = { path: string } | { text: string };

export interface SourceOptions {
  sheet?: string;
  /** For judging which sheet holds the phones. */
  defaultCountry?: CountryCode;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  /** Parse only the first rows (previews). */
  maxRows?: number;
}

/** A readable table, whatever the file type. */
export interface RowSource {
  format: FileFormat;
  fileName?: string;
  encoding?: TextEncoding;
  delimiter?: Delimiter;
  newline?: Newline;
  sheets?: string[];
  /** Rows and phone-like rows per sheet, when every sheet was read (previews). */
  sheetInfo?: SheetSummary[];
  sheet?: string;
  totalBytes?: number;
  totalRows?: number;
  /** Fraction of the input consumed so far, 0..1. */
  progress(): number;
  batches(): AsyncGenerator<RowBatch>;
}

export function inputName(input: ImportInput): string | undefined {
  return 'path' in input ? path.basename(input.path) : undefined;
}

export async function openSource(input: ImportInput, opts: SourceOptions = {}): Promise<RowSource> {
  if ('text' in input) return textSource(input.text, opts);
  const file = input.path;
  const { head, size } = await readHead(file);
  const format = sniffFormat(head, file);
  if (format === 'csv') {
    const encoding = opts.encoding ?? detectEncoding(head, head.length < size);
    const sampleText = encoding === 'utf8' ? safeUtf8(head) : decodeAll(head, encoding);
    const delimiter = opts.delimiter ?? detectDelimiter(sampleText);
    const newline = detectNewline(sampleText);
    let read = 0;
    return {
      format: 'csv',
      fileName: path.basename(file),
      encoding,
      delimiter,
      newline,
      totalBytes: size,
      progress: () => (size ? Math.min(1, read / size) : 1),
      batches: () => csvFileBatches(file, encoding, { delimiter, newline }, (n) => (read += n)),
    };
  }
  // Loaded on demand: SheetJS is large and CSV imports never need it.
  const { firstNonEmptySheet, readWorkbook, sheetBatches, sheetRowCount, summarizeSheets } = await import('./xlsx');
  // Previews parse every sheet, row-limited; an import with a chosen sheet parses only that one.
  const wb = readWorkbook(file, { maxRows: opts.maxRows, sheet: opts.maxRows ? undefined : opts.sheet });
  const sheetInfo = opts.maxRows || !opts.sheet ? summarizeSheets(wb, opts.defaultCountry) : undefined;
  // Workbooks often open on a summary or cover sheet: start on the one with the leads.
  const sheet = opts.sheet ?? (sheetInfo && pickSheet(sheetInfo)) ?? firstNonEmptySheet(wb) ?? wb.sheetNames[0];
  if (!wb.sheetNames.includes(sheet)) {
    throw new ImportError('import.sheet_not_found', `A aba "${sheet}" não existe nesta planilha. Escolha uma destas: ${wb.sheetNames.join(', ')}.`, {
      sheets: wb.sheetNames,
    }, { sheet, sheets: wb.sheetNames.join(', ') });
  }
  const ws = wb.book.Sheets[sheet];
  if (!ws || !ws['!ref'] || !firstNonEmptySheet({ sheetNames: [sheet], book: wb.book })) {
    throw new ImportError('import.empty_sheet', `A aba "${sheet}" está vazia. Escolha a aba que tem os contatos.`, { sheets: wb.sheetNames }, { sheet });
  }
  const totalRows = sheetRowCount(ws);
  let done = 0;
  return {
    format: format === 'ods' ? 'ods' : format === 'xls' ? 'xls' : 'xlsx',
    fileName: path.basename(file),
    sheets: wb.sheetNames,
    sheetInfo,
    sheet,
    totalBytes: size,
    totalRows,
    progress: () => (totalRows ? Math.min(1, done / totalRows) : 1),
    async *batches() {
      for (const b of sheetBatches(ws, 5000, opts.maxRows)) {
        done += b.rows.length;
        yield b;
        // Let cancel messages and progress through between batches.
        await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
}

function safeUtf8(buf: Buffer): string {
  return new TextDecoder('utf-8').decode(buf);
}

function textSource(text: string, opts: SourceOptions): RowSource {
  if (text.trim() === '') {
    throw new ImportError('import.empty_file', 'Não há nada para importar: cole as linhas da planilha (com o cabeçalho) e tente de novo.', undefined, { variant: 'paste' });
  }
  const delimiter = opts.delimiter ?? detectDelimiter(text.slice(0, 64 * 1024));
  const newline = detectNewline(text.slice(0, 64 * 1024));
  let done = false;
  return {
    format: 'text',
    delimiter,
    newline,
    totalBytes: text.length,
    progress: () => (done ? 1 : 0),
    async *batches() {
      const rows = parseCsvText(text, { delimiter, newline }, opts.maxRows);
      for (const r of rows) {
        if (r.length === 1 && r[0].length > 1_000_000) throw new ImportError('import.line_too_long', 'O texto colado tem uma linha grande demais. Copie as células da planilha, não o arquivo.', undefined, { variant: 'paste' });
      }
      done = true;
      for (let i = 0; i < rows.length; i += 5000) yield { rows: rows.slice(i, i + 5000), startRow: i + 1 };
    },
  };
}

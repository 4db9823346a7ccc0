import path from 'node:path';
import { ImportError } from '../errors';
import { csvFileBatches, parseCsvText, type RowBatch } from './csv';
import { detectDelimiter, detectNewline, type Delimiter, type Newline } from './dialect';
import { createDecoder, decodeAll, detectEncoding, effectiveEncoding, minorityLines, sniffText, undecodable, type TextEncoding } from './encoding';
import { readHead, sniffFormat, type FileFormat } from './sniff';
import { pickSheet, type SheetSummary } from './pick-sheet';
import type { CountryCode } from '../../../../shared/phone';
import { WarningCollector, type ImportWarning } from './warnings';
import { capRows, spreadsheetLimits } from './limits';
import { assertSpreadsheetWithinLimits } from './zip-guard';
import { loadSheetjs } from '../../lib/sheetjs';

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
  /** What was worked around so far (unclosed quotes, mixed or garbled encodings), with rows. */
  warnings(): ImportWarning[];
  /** The encoding the text turned out to be in, once read (see encoding.ts effectiveEncoding). */
  effectiveEncoding?(): TextEncoding | undefined;
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
    const truncated = head.length < size;
    const encoding = opts.encoding ?? detectEncoding(head, truncated);
    assertReadableText(head, encoding, truncated);
    const sampleText = decodeAll(head, encoding);
    const delimiter = opts.delimiter ?? detectDelimiter(sampleText);
    const newline = detectNewline(sampleText);
    let read = 0;
    const warnings = new WarningCollector();
    const decoder = createDecoder(encoding);
    return {
      format: 'csv',
      fileName: path.basename(file),
      encoding,
      delimiter,
      newline,
      totalBytes: size,
      progress: () => (size ? Math.min(1, read / size) : 1),
      batches: () => csvFileBatches(file, encoding, { delimiter, newline }, (n) => (read += n), { warnings, decoder }),
      warnings: () => {
        warnings.mixedEncoding(minorityLines(encoding, decoder.stats));
        return warnings.list();
      },
      effectiveEncoding: () => effectiveEncoding(encoding, decoder.stats),
    };
  }
  const kind = format === 'ods' ? 'ods' : format === 'xls' ? 'xls' : 'xlsx';
  // A small file can inflate to gigabytes: refuse it before any parser inflates it.
  await assertSpreadsheetWithinLimits(file, kind);
  await loadSheetjs();
  // A whole .xlsx is streamed (memory holds one batch, not the workbook); previews and the other
  // formats go through SheetJS below.
  if (!opts.maxRows && kind === 'xlsx') {
    const streamed = await streamedXlsx(file, opts, size);
    if (streamed) return streamed;
  }
  // Loaded on demand: SheetJS is large and CSV imports never need it.
  const { firstNonEmptySheet, readWorkbook, sheetBatches, sheetRowCount, summarizeSheets } = await import('./xlsx');
  // Previews parse every sheet, row-limited; an import with a chosen sheet parses only that one
  // (up to one row past the limit, to tell it was passed).
  // A preview of an .xlsx reads a copy cut to its first rows (see xlsx-preview.ts).
  const source = opts.maxRows && kind === 'xlsx' ? ((await (await import('./xlsx-preview')).trimXlsxForPreview(file, opts.maxRows)) ?? file) : file;
  const wb = readWorkbook(source, { maxRows: opts.maxRows ?? spreadsheetLimits().maxRows + 1, sheet: opts.maxRows ? undefined : opts.sheet });
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
    warnings: () => [],
    async *batches() {
      for (const b of capRows(sheetBatches(ws, 5000, opts.maxRows))) {
        done += b.rows.length;
        yield b;
        // Let cancel messages and progress through between batches.
        await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
}

/** The chosen sheet of an .xlsx, streamed; null for workbooks SheetJS must read (.xlsb). */
async function streamedXlsx(file: string, opts: SourceOptions, size: number): Promise<RowSource | null> {
  // Without a chosen sheet, let the preview's logic choose (it reads only the first rows).
  const sheet = opts.sheet ?? (await openSource({ path: file }, { ...opts, maxRows: 240 })).sheet;
  if (sheet === undefined) return null;
  const { openXlsxStream } = await import('./xlsx-stream');
  const x = await openXlsxStream(file, sheet);
  if (!x) return null;
  return {
    format: 'xlsx',
    fileName: path.basename(file),
    sheets: x.sheets,
    sheet: x.sheet,
    totalBytes: size,
    totalRows: x.totalRows,
    progress: () => x.progress(),
    warnings: () => [],
    async *batches() {
      for await (const b of x.batches(5000)) {
        yield b;
        // Let cancel messages and progress through between batches.
        await new Promise<void>((r) => setImmediate(r));
      }
    },
  };
}

/** A file whose start decodes into control characters and unknown bytes is no text we can read. */
function assertReadableText(head: Buffer, encoding: TextEncoding, truncated: boolean): void {
  let stats;
  if (encoding === 'utf8' || encoding === 'windows1252') stats = sniffText(head, truncated);
  else {
    const d = createDecoder(encoding);
    d.write(head);
    stats = d.stats;
  }
  if (stats && undecodable(stats)) {
    throw new ImportError(
      'import.bad_encoding',
      'Não foi possível ler o texto deste arquivo: ele não está em UTF-8 nem em Windows-1252 (o padrão do Excel no Brasil). No Excel, use "Salvar como" > "CSV UTF-8" e importe esse arquivo.',
    );
  }
}

function textSource(text: string, opts: SourceOptions): RowSource {
  if (text.trim() === '') {
    throw new ImportError('import.empty_file', 'Não há nada para importar: cole as linhas da planilha (com o cabeçalho) e tente de novo.', undefined, { variant: 'paste' });
  }
  const delimiter = opts.delimiter ?? detectDelimiter(text.slice(0, 64 * 1024));
  const newline = detectNewline(text.slice(0, 64 * 1024));
  let done = false;
  const warnings = new WarningCollector();
  return {
    format: 'text',
    delimiter,
    newline,
    totalBytes: text.length,
    progress: () => (done ? 1 : 0),
    warnings: () => warnings.list(),
    async *batches() {
      const rows = parseCsvText(text, { delimiter, newline }, opts.maxRows, warnings);
      for (const r of rows) {
        if (r.length === 1 && r[0].length > 1_000_000) throw new ImportError('import.line_too_long', 'O texto colado tem uma linha grande demais. Copie as células da planilha, não o arquivo.', undefined, { variant: 'paste' });
      }
      done = true;
      for (let i = 0; i < rows.length; i += 5000) yield { rows: rows.slice(i, i + 5000), startRow: i + 1 };
    },
  };
}

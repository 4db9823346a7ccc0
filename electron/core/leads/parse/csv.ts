import fs from 'node:fs';
import { papaparse } from './packages';
import { ImportError } from '../errors';
import { createDecoder, type StreamDecoder, type TextEncoding } from './encoding';
import type { Delimiter, Newline } from './dialect';
import { repairBatch, type WarningCollector } from './warnings';

/** A physical record longer than this is not a spreadsheet row (or has an unclosed quote). */
export const MAX_RECORD_CHARS = 1_000_000;
// Small chunks: each batch's rows die young, which keeps GC cheap under a tight worker heap.
const READ_CHUNK = 128 << 10;

export interface RowBatch {
  rows: string[][];
  /** 1-based number of rows[0] in the file (what the user sees in Excel). */
  startRow: number;
}

export function lineTooLong(): ImportError {
  return new ImportError(
    'import.line_too_long',
    'Uma linha do arquivo passa de 1 milhão de caracteres, então ele não parece uma planilha de contatos. Confira se escolheu o arquivo certo; no Excel, salve de novo como "CSV UTF-8".',
  );
}

interface CsvDialect {
  delimiter: Delimiter;
  newline: Newline;
}

interface PapaResult {
  data: string[][];
  errors: Array<{ code?: string }>;
  meta: { cursor: number };
}

function unclosed(r: PapaResult): boolean {
  return r.errors.some((e) => e.code === 'MissingQuotes');
}

/**
 * The first physical line of a record whose quote never closes, read with the quote as plain
 * text, and the text after that line. A stray quote is far more common than a cell meant to
 * run to the end of the file.
 */
function splitUnclosed(text: string, dialect: CsvDialect): { row: string[]; rest: string } {
  let end = text.indexOf(dialect.newline);
  if (end < 0) end = text.length;
  const literal = new (papaparse().Parser)({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '\u0000' });
  const row = ((literal.parse(text.slice(0, end), 0, false) as PapaResult).data[0] ?? ['']) as string[];
  return { row, rest: text.slice(end + dialect.newline.length) };
}

/** Strips the trailing empty record papaparse reports for a final newline. */
function dropTrailingEmpty(rows: string[][]): string[][] {
  const last = rows[rows.length - 1];
  if (last && last.length === 1 && last[0] === '') rows.pop();
  return rows;
}

/**
 * Streams a CSV file in batches of parsed rows; memory stays bounded whatever the file size.
 * An unclosed quote is read as text (noted in `warnings`) instead of swallowing what follows;
 * cells garbled by a wrong code page are repaired (noted too).
 */
export async function* csvFileBatches(
  file: string,
  encoding: TextEncoding,
  dialect: CsvDialect,
  onBytes?: (n: number) => void,
  options: { warnings?: WarningCollector; decoder?: StreamDecoder } = {},
): AsyncGenerator<RowBatch> {
  const stream = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
  const decoder = options.decoder ?? createDecoder(encoding);
  const warnings = options.warnings;
  const parser = new (papaparse().Parser)({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
  let pending = '';
  let next = 1;
  const emit = (rows: string[][], text?: string): RowBatch => {
    if (warnings) repairBatch(rows, next, warnings, text);
    const b = { rows, startRow: next };
    next += rows.length;
    return b;
  };
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      pending += decoder.write(chunk);
      for (;;) {
        // ignoreLastRow: the chunk may end mid-record; the tail is re-parsed with the next chunk.
        const r = parser.parse(pending, 0, true) as PapaResult;
        const cursor = r.meta.cursor;
        if (r.data.length > 0) yield emit(r.data, pending.slice(0, cursor));
        pending = cursor >= pending.length ? '' : pending.slice(cursor);
        if (pending.length <= MAX_RECORD_CHARS) break;
        // A record this long that spans lines can only be an open quote: read past it.
        if (pending.indexOf(dialect.newline) < 0) throw lineTooLong();
        const { row, rest } = splitUnclosed(pending, dialect);
        warnings?.unclosedQuote(next);
        yield emit([row]);
        pending = rest;
      }
    }
    pending += decoder.end();
    while (pending.length > 0) {
      const r = parser.parse(pending, 0, false) as PapaResult;
      if (!unclosed(r)) {
        const rows = dropTrailingEmpty(r.data);
        if (rows.length > 0) yield emit(rows, pending);
        break;
      }
      // The last record opens a quote that never closes: keep the records before it, read its
      // first line with the quote as text, and go on from the next line.
      const before = parser.parse(pending, 0, true) as PapaResult;
      if (before.data.length > 0) yield emit(before.data, pending.slice(0, before.meta.cursor));
      const { row, rest } = splitUnclosed(pending.slice(before.meta.cursor), dialect);
      warnings?.unclosedQuote(next);
      yield emit([row]);
      pending = rest;
    }
  } finally {
    stream.destroy();
  }
}

/** Parses already-decoded text (clipboard paste, previews), with the same unclosed-quote recovery. */
export function parseCsvText(text: string, dialect: CsvDialect, limitRows?: number, warnings?: WarningCollector): string[][] {
  const whole = new (papaparse().Parser)({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
  let pending = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: string[][] = [];
  while (pending.length > 0 && (limitRows === undefined || out.length < limitRows)) {
    const left = limitRows === undefined ? undefined : limitRows - out.length;
    const parser = new (papaparse().Parser)({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"', preview: left });
    const r = parser.parse(pending, 0, false) as PapaResult;
    if (!unclosed(r)) {
      out.push(...dropTrailingEmpty(r.data));
      break;
    }
    const before = whole.parse(pending, 0, true) as PapaResult;
    out.push(...before.data);
    const { row, rest } = splitUnclosed(pending.slice(before.meta.cursor), dialect);
    warnings?.unclosedQuote(out.length + 1);
    out.push(row);
    pending = rest;
  }
  if (limitRows !== undefined && out.length > limitRows) out.length = limitRows;
  if (warnings) repairBatch(out, 1, warnings, text);
  return out;
}

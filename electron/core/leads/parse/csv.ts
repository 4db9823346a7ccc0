import fs from 'node:fs';
import Papa from 'papaparse';
import { ImportError } from '../errors';
import { createDecoder, type TextEncoding } from './encoding';
import type { Delimiter, Newline } from './dialect';

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
    'Uma linha do arquivo passa de 1 milhão de caracteres, então ele não parece uma planilha de contatos. Confira se escolheu o arquivo certo, ou se há aspas (") abertas e não fechadas; no Excel, salve de novo como "CSV UTF-8".',
  );
}

interface CsvDialect {
  delimiter: Delimiter;
  newline: Newline;
}

/** Streams a CSV file in batches of parsed rows; memory stays bounded whatever the file size. */
export async function* csvFileBatches(
  file: string,
  encoding: TextEncoding,
  dialect: CsvDialect,
  onBytes?: (n: number) => void,
): AsyncGenerator<RowBatch> {
  const stream = fs.createReadStream(file, { highWaterMark: READ_CHUNK });
  const decoder = createDecoder(encoding);
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
  let partial = '';
  let next = 1;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      onBytes?.(chunk.length);
      const text = partial + decoder.write(chunk);
      // ignoreLastRow: the chunk may end mid-record; the tail is re-parsed with the next chunk.
      const r = parser.parse(text, 0, true);
      const cursor: number = r.meta.cursor;
      partial = cursor >= text.length ? '' : text.slice(cursor);
      if (partial.length > MAX_RECORD_CHARS) throw lineTooLong();
      if (r.data.length > 0) {
        yield { rows: r.data as string[][], startRow: next };
        next += r.data.length;
      }
    }
    const tail = partial + decoder.end();
    if (tail.length > 0) {
      const r = parser.parse(tail, 0, false);
      const rows = (r.data as string[][]).filter((row, i, all) => i < all.length - 1 || !(row.length === 1 && row[0] === ''));
      if (rows.length > 0) yield { rows, startRow: next };
    }
  } finally {
    stream.destroy();
  }
}

/** Parses already-decoded text (clipboard paste, previews). */
export function parseCsvText(text: string, dialect: CsvDialect, limitRows?: number): string[][] {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"', preview: limitRows });
  const t = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows = parser.parse(t, 0, false).data as string[][];
  if (rows.length > 0) {
    const last = rows[rows.length - 1];
    if (last.length === 1 && last[0] === '') rows.pop();
  }
  return rows;
}

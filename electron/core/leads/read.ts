/**
 * The reading half of an import: a source's rows become staged-layout batches (rows.ts) for the
 * save (import.ts). Inline on the caller's thread, or in a thread of its own (read-thread.ts) so
 * parsing and the SQLite writes run on two cores at once.
 */
import type { ImportOptions } from './import-types';
import type { SourceMeta } from './merge';
import { openSource, type ImportInput, type RowSource } from './parse/source';
import { readRows, type RowCounters } from './rows';

/** What a reader hands back once the whole source has been read. */
export interface ReadResult {
  counters: RowCounters;
  meta: SourceMeta;
}

/**
 * Reads `input` and calls `sink` with each batch of kept rows (rows.ts readRows; stageShaper
 * makes contacts of them), in file order, one at a time, awaiting what it returns; `tick`
 * reports rows read and the fraction of the input consumed. Throws an ImportError for an
 * unreadable source and 'import.cancelled' once `cancelled()` turns true.
 */
export type RowReader = (
  input: ImportInput,
  options: ImportOptions,
  cancelled: () => boolean,
  sink: (values: unknown[]) => void | Promise<void>,
  tick: (rowsRead: number, fraction: number) => void,
) => Promise<ReadResult>;

/** Reads on the caller's thread. */
export const readInline: RowReader = async (input, options, cancelled, sink, tick) => {
  // UTF-8 and Windows-1252 are decoded by content, line by line (see parse/encoding.ts), so
  // a file that changes encoding after its first megabyte is read in one pass.
  const src = await openSource(input, { sheet: options.sheet, encoding: options.encoding, delimiter: options.delimiter });
  tick(0, 0);
  const counters = await readRows(src, options, cancelled, sink, (c) => tick(c.rowsRead, src.progress()));
  return { counters, meta: sourceMeta(src) };
};

/** What the report says about the source, once it has been read. */
function sourceMeta(src: RowSource): SourceMeta {
  return {
    format: src.format,
    encoding: src.effectiveEncoding?.() ?? src.encoding,
    sheet: src.sheet,
    fileName: src.fileName,
    warnings: src.warnings(),
  };
}

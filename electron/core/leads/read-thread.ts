/**
 * An import's reading in a thread of its own: the reader thread parses the source and checks the
 * phones (read.ts) while the importing thread tidies the cells of the previous batch and writes
 * it into SQLite, so a big file keeps two cores busy instead of one. Batches travel as plain
 * arrays, at most READ_AHEAD unacknowledged, so the reader never runs far ahead of the writer
 * (memory stays bounded whatever the file size).
 */
import type { MessagePort } from 'node:worker_threads';
import type { ImportOptions } from './import-types';
import { readInline, type ReadResult, type RowReader } from './read';
import type { ImportInput } from './parse/source';
import { spawnWorker } from './spawn';
import { follow, workerErrorOf, type SerializedImportError } from './worker';

/** Batches the reader may post before the writer acknowledges the first of them. */
const READ_AHEAD = 4;

export interface ReadWorkerData {
  task: 'read';
  input: ImportInput;
  options: ImportOptions;
  /** [0] = 1 when the import was cancelled: the same flag the importing thread watches. */
  cancelFlag: Int32Array;
}

export type ReadWorkerMessage =
  | { type: 'rows'; values: unknown[] }
  | { type: 'tick'; rowsRead: number; fraction: number }
  | { type: 'read-done'; result: ReadResult }
  | { type: 'error'; error: SerializedImportError };

/** A RowReader that reads in a new thread with its own heap cap (the parsers' memory bound). */
export function threadReader(cancelFlag: Int32Array, heapMb: number): RowReader {
  return (input, options, _cancelled, sink, tick) => {
    const data: ReadWorkerData = { task: 'read', input, options, cancelFlag };
    const worker = spawnWorker('import-worker', { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
    return follow<ReadResult>(
      worker,
      (m, done) => {
        const msg = m as ReadWorkerMessage;
        if (msg.type === 'rows') {
          // Synchronous write, then the ack lets the reader post one more batch.
          void sink(msg.values);
          worker.postMessage('ack');
        } else if (msg.type === 'tick') {
          tick(msg.rowsRead, msg.fraction);
        } else if (msg.type === 'read-done') {
          done(msg.result);
        }
      },
      // Done, failed or cancelled: the thread has nothing left to do.
      () => void worker.terminate(),
    );
  };
}

/** The reader thread's side: reads, posts batches and waits for acks past READ_AHEAD. */
export async function runReadTask(port: MessagePort, data: ReadWorkerData): Promise<void> {
  let unacked = 0;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    unacked--;
    const w = wake;
    wake = null;
    w?.();
  });
  const cancelled = () => Atomics.load(data.cancelFlag, 0) === 1;
  try {
    const result = await readInline(
      data.input,
      data.options,
      cancelled,
      async (values) => {
        port.postMessage({ type: 'rows', values } satisfies ReadWorkerMessage);
        unacked++;
        if (unacked >= READ_AHEAD) await new Promise<void>((r) => (wake = r));
      },
      (rowsRead, fraction) => port.postMessage({ type: 'tick', rowsRead, fraction } satisfies ReadWorkerMessage),
    );
    port.postMessage({ type: 'read-done', result } satisfies ReadWorkerMessage);
  } catch (err) {
    port.postMessage({ type: 'error', error: workerErrorOf(err) } satisfies ReadWorkerMessage);
  } finally {
    port.removeAllListeners('message');
  }
}

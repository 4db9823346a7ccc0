/**
 * An import's reading in a thread of its own: the reader thread parses the source and checks the
 * phones (read.ts) while the importing thread tidies the cells of the previous batch and writes
 * it into SQLite, so a big file keeps two cores busy instead of one. Batches travel as plain
 * arrays over a MessageChannel between the two, at most READ_AHEAD unacknowledged, so the reader
 * never runs far ahead of the writer (memory stays bounded whatever the file size).
 * The caller starts both threads at once (worker.ts), so the reader's start-up does not wait
 * for the importing thread's.
 */
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { ImportError, type ImportErrorCode } from './errors';
import type { ImportOptions } from './import-types';
import { readInline, type ReadResult, type RowReader } from './read';
import type { ImportInput } from './parse/source';
import { spawnWorker } from './spawn';
import { workerErrorOf, type SerializedImportError } from './worker';

/** Batches the reader may post before the writer acknowledges the first of them. */
const READ_AHEAD = 4;

export interface ReadWorkerData {
  task: 'read';
  input: ImportInput;
  options: ImportOptions;
  /** [0] = 1 when the import was cancelled: the same flag the importing thread watches. */
  cancelFlag: Int32Array;
  /** The reader's end of the channel to the importing thread. */
  port: MessagePort;
}

export type ReadWorkerMessage =
  | { type: 'rows'; values: unknown[] }
  | { type: 'tick'; rowsRead: number; fraction: number }
  | { type: 'read-done'; result: ReadResult }
  | { type: 'error'; error: SerializedImportError };

/** A reader thread with its own heap cap (the parsers' memory bound), and the importing thread's end of its channel. */
export function startReadThread(input: ImportInput, options: ImportOptions, cancelFlag: Int32Array, heapMb: number): { worker: Worker; port: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  const data: ReadWorkerData = { task: 'read', input, options, cancelFlag, port: port1 };
  const worker = spawnWorker('import-worker', { workerData: data, transferList: [port1], resourceLimits: { maxOldGenerationSizeMb: heapMb } });
  return { worker, port: port2 };
}

/**
 * The importing thread's RowReader: the batches a reader thread posts on `port`. If that thread
 * dies, its end of the channel closes and the read fails (the caller, which started the thread,
 * reports why: worker.ts).
 */
export function portReader(port: MessagePort): RowReader {
  return (_input, _options, _cancelled, sink, tick) =>
    new Promise<ReadResult>((resolve, reject) => {
      let settled = false;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        port.removeAllListeners();
        port.close();
        fn();
      };
      port.on('message', (msg: ReadWorkerMessage) => {
        if (settled) return;
        try {
          if (msg.type === 'rows') {
            // Synchronous write, then the ack lets the reader post one more batch.
            void sink(msg.values);
            port.postMessage('ack');
          } else if (msg.type === 'tick') {
            tick(msg.rowsRead, msg.fraction);
          } else if (msg.type === 'read-done') {
            settle(() => resolve(msg.result));
          } else if (msg.type === 'error') {
            const e = msg.error;
            settle(() => reject(new ImportError(e.code as ImportErrorCode, e.message, e.details, e.params)));
          }
        } catch (err) {
          settle(() => reject(err));
        }
      });
      port.on('close', () =>
        settle(() => reject(new ImportError('import.failed', 'A leitura da planilha parou inesperadamente e nenhum contato foi alterado. Tente de novo.'))),
      );
    });
}

/** The reader thread's side: reads, posts batches and waits for acks past READ_AHEAD. */
export async function runReadTask(data: ReadWorkerData): Promise<void> {
  const port = data.port;
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
    port.close();
  }
}

import type { Worker } from 'node:worker_threads';
import { ImportError, type ImportErrorCode } from './errors';
import type { ImportHooks, ImportOptions, ImportReport } from './import-types';
import type { ImportWorkerData, ImportWorkerMessage, IndexWorkerData, PreviewWorkerData } from './import-worker';
import type { ErrorParams } from '../../../shared/api/errors';
import { previewInput, type FilePreview, type PreviewOptions } from './parse/preview';
import { readHead, sniffFormat } from './parse/sniff';
import type { ImportInput } from './parse/source';
import { startReadThread } from './read-thread';
import { spawnWorker } from './spawn';

/**
 * Heap caps of the worker threads, by what they parse. A CSV and a whole .xlsx stream in
 * bounded memory; SheetJS (previews, .xls, .ods, .xlsb) builds the workbook, within the
 * uncompressed-size limit checked before it starts (parse/zip-guard.ts). Going past the cap
 * ends the worker, not the app.
 */
export const WORKER_HEAP_MB = { csv: 96, xlsxStream: 384, sheetjs: 1536, preview: 1024 } as const;

function heapFor(input: ImportInput): number {
  if (!('path' in input)) return WORKER_HEAP_MB.csv;
  if (/\.(xlsx|xlsm)$/i.test(input.path)) return WORKER_HEAP_MB.xlsxStream;
  return /\.(xlsb|xls|ods|fods)$/i.test(input.path) ? WORKER_HEAP_MB.sheetjs : WORKER_HEAP_MB.csv;
}

function outOfMemory(err: Error): ImportError {
  return new ImportError('import.too_large', 'A planilha é grande demais para a memória disponível. Salve-a como "CSV UTF-8" no Excel e importe o CSV.', {
    cause: err.message,
  }, { variant: 'memory' });
}

/** What a worker thread's 'error' event (it died: out of memory, an uncaught error) means to the user. */
function threadFailure(err: Error & { code?: string }): ImportError {
  return err.code === 'ERR_WORKER_OUT_OF_MEMORY'
    ? outOfMemory(err)
    : new ImportError('import.failed', 'A importação falhou e nenhum contato foi alterado. Tente de novo.', { cause: err.message });
}

/** An ImportError as it crosses a thread boundary. */
export type SerializedImportError = { code: string; message: string; details?: Record<string, unknown>; params?: ErrorParams };

/** Any failure in a worker thread, as the message that carries it to the caller. */
export function workerErrorOf(err: unknown): SerializedImportError {
  return err instanceof ImportError
    ? err.toJSON()
    : {
        code: 'import.failed',
        message: 'A importação falhou e nenhum contato foi alterado. Tente de novo.',
        details: { cause: String((err as Error)?.message ?? err).slice(0, 300) },
      };
}

/**
 * Settles once from a worker's messages, error and exit; `onMessage` gets `done` for the result
 * and may throw, which rejects. `cleanup` runs once, however it settles.
 */
export function follow<T>(
  worker: Worker,
  onMessage: (m: { type: string }, done: (value: T) => void) => void,
  cleanup: () => void = () => {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      cleanup();
      fn();
    };
    worker.on('message', (m: { type: string; error?: SerializedImportError }) => {
      if (settled) return;
      if (m.type === 'error' && m.error) {
        const e = m.error;
        settle(() => reject(new ImportError(e.code as ImportErrorCode, e.message, e.details, e.params)));
        return;
      }
      try {
        onMessage(m, (value) => settle(() => resolve(value)));
      } catch (err) {
        settle(() => reject(err));
      }
    });
    worker.on('error', (err: Error & { code?: string }) => settle(() => reject(threadFailure(err))));
    worker.on('exit', (code) => {
      settle(() => reject(new ImportError('import.failed', 'A leitura da planilha parou inesperadamente e nenhum contato foi alterado. Tente de novo.', { exitCode: code })));
    });
  });
}

/**
 * Runs importLeads in a worker thread with its own connection to the same WAL database, reading
 * in a second thread started at the same time (read-thread.ts). Cancelling (hooks.signal) sets a
 * shared flag both threads check between batches and inside the final save; the import then
 * rolls back and the promise rejects with 'import.cancelled'. `limits` is for tests.
 */
export function runImportInWorker(
  dbFile: string,
  input: ImportInput,
  options: ImportOptions,
  hooks: ImportHooks = {},
  limits: { readerHeapMb?: number } = {},
): Promise<ImportReport> {
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  // The reader thread parses under the cap; the importing one holds a few batches and the report.
  const reader = startReadThread(input, options, cancelFlag, limits.readerHeapMb ?? heapFor(input));
  let readerFailure: ImportError | null = null;
  reader.worker.on('error', (err: Error & { code?: string }) => (readerFailure = threadFailure(err)));
  const readerGone = new Promise<void>((r) => reader.worker.once('exit', () => r()));
  const data: ImportWorkerData = { dbFile, input, options, cancelFlag, readerPort: reader.port };
  const worker = spawnWorker('import-worker', { workerData: data, transferList: [reader.port], resourceLimits: { maxOldGenerationSizeMb: heapFor(input) } });
  const onAbort = () => Atomics.store(cancelFlag, 0, 1);
  if (hooks.signal?.aborted) onAbort();
  else hooks.signal?.addEventListener('abort', onAbort, { once: true });
  const imported = follow<ImportReport>(
    worker,
    (msg, done) => {
      const m = msg as ImportWorkerMessage;
      if (m.type === 'progress') hooks.onProgress?.(m.progress);
      else if (m.type === 'done') done(m.report);
    },
    () => hooks.signal?.removeEventListener('abort', onAbort),
  );
  // Done or failed, the reader has nothing left to do. When it died (out of memory, say), the
  // importing thread only saw its channel close: the reader's own error says why.
  return imported.then(
    (report) => {
      void reader.worker.terminate();
      return report;
    },
    async (err: unknown) => {
      await reader.worker.terminate();
      await readerGone;
      throw readerFailure ?? err;
    },
  );
}

/**
 * Indexes the contacts waiting for their search entries (search-backlog.ts) in a worker thread
 * with its own connection, so the core's thread stays free; setting stopFlag[0] = 1 ends it after
 * the transaction in progress. Resolves with how many contacts it indexed.
 */
export function runSearchCatchUpInWorker(dbFile: string, stopFlag: Int32Array): Promise<number> {
  const data: IndexWorkerData = { task: 'index', dbFile, stopFlag };
  const worker = spawnWorker('import-worker', { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB.csv } });
  return follow<number>(worker, (msg, done) => {
    const m = msg as ImportWorkerMessage;
    if (m.type === 'indexed') done(m.indexed);
  });
}

/** Reads a spreadsheet's preview in a worker thread with a heap cap; the thread ends with it. */
export function runPreviewInWorker(input: ImportInput, options: PreviewOptions = {}): Promise<FilePreview> {
  const data: PreviewWorkerData = { task: 'preview', input, options };
  const worker = spawnWorker('import-worker', { workerData: data, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB.preview } });
  const exited = new Promise<void>((r) => worker.once('exit', () => r()));
  const result = follow<FilePreview>(worker, (msg, done) => {
    const m = msg as ImportWorkerMessage;
    if (m.type === 'preview') done(m.preview);
  });
  // Answer once the thread is gone, so its memory is back before an import starts.
  return result.finally(() => {
    void worker.terminate();
    return exited;
  });
}

/**
 * The preview every caller uses: spreadsheets are read in a worker (SheetJS builds the whole
 * workbook and must never hold the core's thread or heap); CSV and pasted text stream here,
 * a few hundred rows.
 */
export async function previewSource(input: ImportInput, options: PreviewOptions = {}): Promise<FilePreview> {
  if (!('path' in input)) return previewInput(input, options);
  const { head } = await readHead(input.path, 512);
  const format = sniffFormat(head, input.path);
  return format === 'csv' ? previewInput(input, options) : runPreviewInWorker(input, options);
}

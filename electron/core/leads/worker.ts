import { ImportError, type ImportErrorCode } from './errors';
import type { ImportHooks, ImportOptions, ImportReport } from './import-types';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker';
import type { ImportInput } from './parse/source';
import { spawnWorker } from './spawn';

function isSpreadsheet(input: ImportInput): boolean {
  return 'path' in input && /\.(xlsx|xlsm|xlsb|xls|ods|fods)$/i.test(input.path);
}

/**
 * Runs importLeads in a worker thread with its own connection to the same WAL database.
 * Cancelling (hooks.signal) sets a shared flag the worker checks between batches and inside
 * the final save; the worker then rolls back and the promise rejects with 'import.cancelled'.
 */
export function runImportInWorker(dbFile: string, input: ImportInput, options: ImportOptions, hooks: ImportHooks = {}): Promise<ImportReport> {
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));
  const data: ImportWorkerData = { dbFile, input, options, cancelFlag };
  // A CSV streams in bounded memory; spreadsheets are parsed whole by SheetJS.
  const heapMb = isSpreadsheet(input) ? 2048 : 96;
  const worker = spawnWorker('import-worker', { workerData: data, resourceLimits: { maxOldGenerationSizeMb: heapMb } });

  return new Promise<ImportReport>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const onAbort = () => Atomics.store(cancelFlag, 0, 1);
    if (hooks.signal?.aborted) onAbort();
    else hooks.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.type === 'progress') hooks.onProgress?.(m.progress);
      else if (m.type === 'done') settle(() => resolve(m.report));
      else if (m.type === 'error') settle(() => reject(new ImportError(m.error.code as ImportErrorCode, m.error.message, m.error.details, m.error.params)));
    });
    worker.on('error', (err: Error & { code?: string }) => {
      settle(() =>
        reject(
          err.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new ImportError('import.failed', 'A planilha é grande demais para a memória disponível. Salve-a como "CSV UTF-8" no Excel e importe o CSV.', {
                cause: err.message,
              })
            : new ImportError('import.failed', 'A importação falhou e nenhum contato foi alterado. Tente de novo.', { cause: err.message }),
        ),
      );
    });
    worker.on('exit', (code) => {
      settle(() => reject(new ImportError('import.failed', 'A importação parou inesperadamente e nenhum contato foi alterado. Tente de novo.', { exitCode: code })));
    });
  });
}

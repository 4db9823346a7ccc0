// Worker-thread entry: runs one import on its own SQLite connection so the main thread (and the
// send loop) never waits on parsing. Messages: progress*, then done | error.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { ErrorParams } from '../../../shared/api/errors';
import { ImportError } from './errors';
import { importLeads } from './import';
import type { ImportOptions } from './import-types';
import { previewInput, type FilePreview, type PreviewOptions } from './parse/preview';
import type { ImportInput } from './parse/source';

export interface ImportWorkerData {
  dbFile: string;
  input: ImportInput;
  options: ImportOptions;
  /** [0] = 1 when the caller cancelled. Shared memory: read even in the middle of the save. */
  cancelFlag: Int32Array;
}

/** The same thread also reads spreadsheet previews, so SheetJS never runs on the core's thread. */
export interface PreviewWorkerData {
  task: 'preview';
  input: ImportInput;
  options: PreviewOptions;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: import('./import-types').ImportProgress }
  | { type: 'done'; report: import('./import-types').ImportReport }
  | { type: 'preview'; preview: FilePreview }
  | { type: 'error'; error: { code: string; message: string; details?: Record<string, unknown>; params?: ErrorParams } };

function errorOf(err: unknown): { code: string; message: string; details?: Record<string, unknown> } {
  return err instanceof ImportError
    ? err.toJSON()
    : {
        code: 'import.failed',
        message: 'A importação falhou e nenhum contato foi alterado. Tente de novo.',
        details: { cause: String((err as Error)?.message ?? err).slice(0, 300) },
      };
}

async function preview(data: PreviewWorkerData, post: (m: ImportWorkerMessage) => void): Promise<void> {
  try {
    post({ type: 'preview', preview: await previewInput(data.input, data.options) });
  } catch (err) {
    post({ type: 'error', error: errorOf(err) });
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  if ((workerData as PreviewWorkerData).task === 'preview') return preview(workerData as PreviewWorkerData, (m) => port.postMessage(m));
  const { dbFile, input, options, cancelFlag } = workerData as ImportWorkerData;
  const post = (m: ImportWorkerMessage) => port.postMessage(m);
  let db: Database.Database | null = null;
  try {
    db = new Database(dbFile, { fileMustExist: true });
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // The checkpoint runs after the result is posted, not inside COMMIT.
    db.pragma('wal_autocheckpoint = 0');
    // The stage is written once and read once in order: a big cache would only add RSS.
    db.pragma('temp.cache_size = -4096');
    const report = await importLeads(db, input, options, {
      isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
      onProgress: (progress) => post({ type: 'progress', progress }),
    });
    post({ type: 'done', report });
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Another connection is checkpointing; it will finish the job.
    }
  } catch (err) {
    post({ type: 'error', error: errorOf(err) });
  } finally {
    db?.close();
  }
}

void main();

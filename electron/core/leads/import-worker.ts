// Worker-thread entry: runs one import on its own SQLite connection so the main thread (and the
// send loop) never waits on parsing. Messages: progress*, then done | error. The same entry
// serves the import's reader thread (task 'read', read-thread.ts), spreadsheet previews, and
// the search index's catch-up after a big import (task 'index', search-backlog.ts).
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { importLeads } from './import';
import type { ImportOptions } from './import-types';
import { previewInput, type FilePreview, type PreviewOptions } from './parse/preview';
import type { ImportInput } from './parse/source';
import { portReader, runReadTask, type ReadWorkerData } from './read-thread';
import { catchUpSearchIndex } from './search-backlog';
import { workerErrorOf, type SerializedImportError } from './worker';

export interface ImportWorkerData {
  dbFile: string;
  input: ImportInput;
  options: ImportOptions;
  /** [0] = 1 when the caller cancelled. Shared memory: read even in the middle of the save. */
  cancelFlag: Int32Array;
  /** This thread's end of the channel from the reader thread the caller started (read-thread.ts). */
  readerPort: MessagePort;
}

/** The same thread also reads spreadsheet previews, so SheetJS never runs on the core's thread. */
export interface PreviewWorkerData {
  task: 'preview';
  input: ImportInput;
  options: PreviewOptions;
}

/** The search index's catch-up: indexes the backlog, then the thread ends. */
export interface IndexWorkerData {
  task: 'index';
  dbFile: string;
  /** [0] = 1 when the core is closing: stop after the current transaction. */
  stopFlag: Int32Array;
}

export type ImportWorkerMessage =
  | { type: 'progress'; progress: import('./import-types').ImportProgress }
  | { type: 'done'; report: import('./import-types').ImportReport }
  | { type: 'preview'; preview: FilePreview }
  | { type: 'indexed'; indexed: number }
  | { type: 'error'; error: SerializedImportError };

/** A connection of a worker thread to the app's database (WAL, shared with the core). */
function openWorkerDb(dbFile: string): Database.Database {
  const db = new Database(dbFile, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  return db;
}

async function index(data: IndexWorkerData, post: (m: ImportWorkerMessage) => void): Promise<void> {
  let db: Database.Database | null = null;
  try {
    db = openWorkerDb(data.dbFile);
    const indexed = await catchUpSearchIndex(db, { shouldStop: () => Atomics.load(data.stopFlag, 0) === 1 });
    post({ type: 'indexed', indexed });
  } catch (err) {
    post({ type: 'error', error: workerErrorOf(err) });
  } finally {
    db?.close();
  }
}

async function preview(data: PreviewWorkerData, post: (m: ImportWorkerMessage) => void): Promise<void> {
  try {
    post({ type: 'preview', preview: await previewInput(data.input, data.options) });
  } catch (err) {
    post({ type: 'error', error: workerErrorOf(err) });
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) return;
  if ((workerData as PreviewWorkerData).task === 'preview') return preview(workerData as PreviewWorkerData, (m) => port.postMessage(m));
  if ((workerData as ReadWorkerData).task === 'read') return runReadTask(workerData as ReadWorkerData);
  if ((workerData as IndexWorkerData).task === 'index') return index(workerData as IndexWorkerData, (m) => port.postMessage(m));
  const { dbFile, input, options, cancelFlag, readerPort } = workerData as ImportWorkerData;
  const post = (m: ImportWorkerMessage) => port.postMessage(m);
  let db: Database.Database | null = null;
  try {
    db = openWorkerDb(dbFile);
    // The checkpoint runs after the result is posted, not inside COMMIT.
    db.pragma('wal_autocheckpoint = 0');
    const report = await importLeads(db, input, options, {
      isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
      onProgress: (progress) => post({ type: 'progress', progress }),
    }, portReader(readerPort));
    post({ type: 'done', report });
    try {
      db.pragma('wal_checkpoint(PASSIVE)');
    } catch {
      // Another connection is checkpointing; it will finish the job.
    }
  } catch (err) {
    post({ type: 'error', error: workerErrorOf(err) });
  } finally {
    db?.close();
  }
}

void main();

import type { Worker, WorkerOptions } from 'node:worker_threads';
import { startWorker } from '../process/start-worker';

/** Starts one of this folder's worker entries (bundled: `<name>.js` next to this module). */
export function spawnWorker(name: 'import-worker', options: WorkerOptions): Worker {
  return startWorker(import.meta.url, name, options);
}

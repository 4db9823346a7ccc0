import type { Worker } from 'node:worker_threads';
import type { Reply } from '../../shared/api/wire';
import { ErrorCodes } from '../../shared/api/errors';
import type { ClaimedDownload } from '../core/backup/downloads';
import { startWorker } from '../core/process/start-worker';
import type { CoreThreadData, CoreToHost, HostToCore } from './core-thread-protocol';

/** What the browser-mode server needs from the core. */
export interface HostCore {
  dispatch(method: string, input: unknown): Promise<Reply>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /** Claims a download offered by the core (single use); null when unknown, used or expired. */
  takeDownload(token: string): Promise<ClaimedDownload | null>;
}

export interface CoreThread extends HostCore {
  /** Settles when the core has opened the database; rejects with its pt-BR error otherwise. */
  readonly ready: Promise<void>;
  /** Called once if the core thread dies after it started (a bug: the process should end). */
  onCrash(listener: (err: Error) => void): void;
  /** Closes the core (running work is finished or left resumable) and ends the thread. */
  close(): Promise<void>;
}

const CLOSE_TIMEOUT_MS = 30_000;

class CoreStartError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'CoreStartError';
  }
}

const gone = (): Reply => ({
  ok: false,
  error: { code: ErrorCodes.disconnected, message: 'O Recado foi encerrado. Inicie-o de novo (npm start) e recarregue a página.' },
});

/** Starts the core in a worker thread. Calls made before it is ready wait for it. */
export function startCoreThread(data: CoreThreadData): CoreThread {
  const worker: Worker = startWorker(import.meta.url, 'core-worker', { workerData: data });
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const pending = new Map<number, (m: CoreToHost) => void>();
  const crashListeners: Array<(err: Error) => void> = [];
  let nextId = 1;
  let started = false;
  let exited = false;
  let closed: (() => void) | null = null;
  let resolveReady!: () => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  // A start failure is reported through `ready`; nobody may be listening yet.
  ready.catch(() => {});

  const failAll = () => {
    for (const settle of pending.values()) settle({ type: 'reply', id: 0, reply: gone() });
    pending.clear();
  };

  worker.on('message', (m: CoreToHost) => {
    switch (m.type) {
      case 'ready':
        started = true;
        resolveReady();
        break;
      case 'fatal':
        rejectReady(new CoreStartError(m.code, m.message));
        break;
      case 'event':
        for (const l of listeners) l(m.name, m.payload);
        break;
      case 'reply':
      case 'download': {
        const settle = pending.get(m.id);
        pending.delete(m.id);
        settle?.(m);
        break;
      }
      case 'closed':
        closed?.();
        break;
    }
  });
  const onDeath = (err: Error) => {
    if (exited) return;
    exited = true;
    failAll();
    if (!started) rejectReady(new CoreStartError('core.start_failed', `O Recado não conseguiu iniciar: ${err.message}`));
    else if (!closed) for (const l of crashListeners) l(err);
    closed?.();
  };
  worker.on('error', (err) => onDeath(err));
  worker.on('exit', (code) => onDeath(new Error(`core thread exited (${code})`)));

  const request = (message: HostToCore & { id: number }): Promise<CoreToHost> =>
    new Promise((resolve) => {
      if (exited) return resolve({ type: 'reply', id: message.id, reply: gone() });
      pending.set(message.id, resolve);
      worker.postMessage(message);
    });

  return {
    ready,
    async dispatch(method, input) {
      const m = await request({ type: 'call', id: nextId++, method, input });
      return m.type === 'reply' ? m.reply : gone();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async takeDownload(token) {
      const m = await request({ type: 'takeDownload', id: nextId++, token });
      return m.type === 'download' ? m.download : null;
    },
    onCrash(listener) {
      crashListeners.push(listener);
    },
    async close() {
      if (exited) return;
      const done = new Promise<void>((resolve) => (closed = resolve));
      worker.postMessage({ type: 'shutdown' } satisfies HostToCore);
      const timer = setTimeout(() => closed?.(), CLOSE_TIMEOUT_MS);
      await done;
      clearTimeout(timer);
      failAll();
      await worker.terminate();
    },
  };
}

import { ErrorCodes } from '../../shared/api/errors';
import type { Reply } from '../../shared/api/wire';
import { isCoreToMain, type CoreToMain, type InitMessage, type MainToCore } from '../core/process/messages';

/**
 * Main-process side of the core's utility process: correlates calls with replies, applies
 * timeouts, restarts a crashed core with backoff and turns every failure into a pt-BR Reply.
 * It knows nothing of Electron; `spawn` supplies the child (utilityProcess in the app, an
 * in-process stand-in in tests).
 */

export interface CoreChild {
  send(message: MainToCore): void;
  kill(): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Called once when the child is gone, whatever the reason. */
  onExit(listener: (code: number | null) => void): void;
}

export interface CoreFatal {
  code: string;
  message: string;
}

export interface CoreRelayOptions {
  spawn(): CoreChild;
  /** Built per start: the key is re-read so a restart never depends on stale state. */
  init(): InitMessage | Promise<InitMessage>;
  onEvent(name: string, payload: unknown): void;
  /** The core cannot run (locked data dir, newer database, crash loop): tell the user, quit. */
  onFatal(fatal: CoreFatal): void;
  callTimeoutMs?: number;
  /** Per-method overrides for calls known to take long. */
  timeouts?: Partial<Record<string, number>>;
  restartDelay?(attempt: number): number;
  /** Give up after this many restarts in a row without a stable run. */
  maxRestarts?: number;
  /** A run shorter than this counts as a crash loop. */
  stableAfterMs?: number;
  shutdownGraceMs?: number;
  now?(): number;
}

export const DEFAULT_CALL_TIMEOUT_MS = 2 * 60_000;

/** 0.5 s, 1 s, 2 s ... capped at 30 s. */
export function restartDelay(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempt));
}

export const disconnectedReply = (): Reply => ({
  ok: false,
  error: {
    code: ErrorCodes.disconnected,
    message: 'O motor do Recado parou de responder e está sendo reiniciado. Aguarde alguns segundos e tente de novo.',
  },
});

export const stoppedReply = (): Reply => ({
  ok: false,
  error: { code: ErrorCodes.disconnected, message: 'O Recado está sendo fechado; a operação não foi concluída.' },
});

export const timeoutReply = (): Reply => ({
  ok: false,
  error: {
    code: ErrorCodes.timeout,
    message: 'O Recado demorou demais para responder. A operação pode ainda estar em andamento; confira em instantes antes de repetir.',
  },
});

interface Pending {
  resolve(reply: Reply): void;
  timer: ReturnType<typeof setTimeout>;
  /** Not yet handed to a child: sent once the core is ready. */
  message: MainToCore | null;
}

type State = 'idle' | 'starting' | 'ready' | 'waiting-restart' | 'stopping' | 'stopped' | 'failed';

export class CoreRelay {
  private readonly opts: Required<Omit<CoreRelayOptions, 'timeouts'>> & { timeouts: Partial<Record<string, number>> };
  private child: CoreChild | null = null;
  private state: State = 'idle';
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private restarts = 0;
  private readySince = 0;
  private restartTimer: ReturnType<typeof setTimeout> | null = null;
  private firstStart: { resolve(): void; reject(err: Error): void } | null = null;
  private exited: Promise<void> = Promise.resolve();

  constructor(options: CoreRelayOptions) {
    this.opts = {
      callTimeoutMs: DEFAULT_CALL_TIMEOUT_MS,
      timeouts: {},
      restartDelay,
      maxRestarts: 8,
      stableAfterMs: 60_000,
      shutdownGraceMs: 10_000,
      now: Date.now,
      ...options,
    };
  }

  get status(): State {
    return this.state;
  }

  /** Resolves when the core first says ready; rejects with the fatal error if it cannot start. */
  start(): Promise<void> {
    if (this.state !== 'idle') throw new Error('CoreRelay already started');
    return new Promise<void>((resolve, reject) => {
      this.firstStart = { resolve, reject };
      void this.launch();
    });
  }

  /** Never rejects: every failure is a Reply the renderer can show. */
  call(method: string, input: unknown): Promise<Reply> {
    if (this.state === 'stopping' || this.state === 'stopped' || this.state === 'failed') return Promise.resolve(stoppedReply());
    const id = this.nextId++;
    const message: MainToCore = { type: 'call', id, method, input };
    return new Promise<Reply>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(timeoutReply());
      }, this.opts.timeouts[method] ?? this.opts.callTimeoutMs);
      const entry: Pending = { resolve, timer, message };
      this.pending.set(id, entry);
      if (this.state === 'ready') this.flush(entry);
    });
  }

  /** Asks the core to close cleanly (WAL checkpoint, lock release); kills it after a grace period. */
  async stop(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'stopping') return this.exited;
    const child = this.child;
    this.state = 'stopping';
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.failPending(stoppedReply);
    this.firstStart?.reject(Object.assign(new Error('O Recado foi fechado antes de terminar de iniciar.'), { code: 'core.stopped' }));
    this.firstStart = null;
    if (!child) {
      this.state = 'stopped';
      return;
    }
    const grace = setTimeout(() => child.kill(), this.opts.shutdownGraceMs);
    try {
      child.send({ type: 'shutdown' });
    } catch {
      child.kill();
    }
    await this.exited;
    clearTimeout(grace);
    this.state = 'stopped';
  }

  private async launch(): Promise<void> {
    this.state = 'starting';
    let init: InitMessage;
    try {
      init = await this.opts.init();
    } catch (err) {
      const coded = err as { code?: unknown };
      this.fail({
        code: typeof coded.code === 'string' ? coded.code : 'core.start_failed',
        message: err instanceof Error ? err.message : 'O Recado não conseguiu iniciar.',
      });
      return;
    }
    if (this.state !== 'starting') return; // stopped meanwhile
    const child = this.opts.spawn();
    this.child = child;
    let markExited = (): void => {};
    this.exited = new Promise<void>((resolve) => (markExited = resolve));
    child.onMessage((message) => this.onChildMessage(child, message));
    child.onExit((code) => {
      markExited();
      this.onChildExit(child, code);
    });
    child.send(init);
  }

  private onChildMessage(child: CoreChild, raw: unknown): void {
    if (child !== this.child || !isCoreToMain(raw)) return;
    const message: CoreToMain = raw;
    switch (message.type) {
      case 'ready':
        if (this.state !== 'starting') return;
        this.state = 'ready';
        this.readySince = this.opts.now();
        this.firstStart?.resolve();
        this.firstStart = null;
        for (const entry of this.pending.values()) this.flush(entry);
        return;
      case 'fatal':
        this.fail({ code: message.code, message: message.message });
        child.kill();
        return;
      case 'reply': {
        const entry = this.pending.get(message.id);
        if (!entry) return; // timed out earlier
        this.pending.delete(message.id);
        clearTimeout(entry.timer);
        entry.resolve(message.reply);
        return;
      }
      case 'event':
        this.opts.onEvent(message.name, message.payload);
        return;
    }
  }

  private onChildExit(child: CoreChild, code: number | null): void {
    if (child !== this.child) return;
    this.child = null;
    if (this.state === 'stopping' || this.state === 'stopped' || this.state === 'failed') return;
    // Calls already handed to the dead core are lost; queued ones wait for the restart.
    for (const [id, entry] of this.pending) {
      if (entry.message === null) {
        this.pending.delete(id);
        clearTimeout(entry.timer);
        entry.resolve(disconnectedReply());
      }
    }
    const ranStably = this.state === 'ready' && this.opts.now() - this.readySince >= this.opts.stableAfterMs;
    if (ranStably) this.restarts = 0;
    if (this.restarts >= this.opts.maxRestarts) {
      this.fail({
        code: 'core.crashed',
        message: `O motor do Recado parou ${this.restarts + 1} vezes seguidas (código ${code ?? 'desconhecido'}) e não será reiniciado. Feche e abra o Recado; se continuar, envie o log ao suporte.`,
      });
      return;
    }
    this.state = 'waiting-restart';
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.state === 'waiting-restart') void this.launch();
    }, this.opts.restartDelay(this.restarts++));
  }

  private flush(entry: Pending): void {
    if (!entry.message || !this.child) return;
    const message = entry.message;
    entry.message = null;
    try {
      this.child.send(message);
    } catch {
      // The child died between its exit and our noticing; its exit handler restarts it.
      if (message.type === 'call' && this.pending.delete(message.id)) {
        clearTimeout(entry.timer);
        entry.resolve(disconnectedReply());
      }
    }
  }

  private fail(fatal: CoreFatal): void {
    if (this.state === 'failed' || this.state === 'stopping' || this.state === 'stopped') return;
    this.state = 'failed';
    this.failPending(disconnectedReply);
    const first = this.firstStart;
    this.firstStart = null;
    if (first) first.reject(Object.assign(new Error(fatal.message), { code: fatal.code }));
    else this.opts.onFatal(fatal);
  }

  private failPending(reply: () => Reply): void {
    for (const entry of this.pending.values()) {
      clearTimeout(entry.timer);
      entry.resolve(reply());
    }
    this.pending.clear();
  }
}

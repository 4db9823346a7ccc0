/**
 * Wall-clock timers that survive sleep/resume and clock changes.
 *
 * `setTimeout` counts elapsed (monotonic) time, while schedules are wall-clock instants: after
 * the user changes the clock, or the machine sleeps, the two drift. `scheduleAt` re-checks the
 * wall clock whenever its timeout fires and re-arms if it is early; long waits are split into
 * chunks of at most `maxChunkMs` (this also avoids the 2^31-1 ms setTimeout overflow, which
 * would fire immediately) so a forward jump is noticed within one chunk. Call `rearm()` on
 * resume/time-change notifications to react at once.
 */

/** Source of the current wall-clock time (epoch ms). Inject a fake in tests. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Largest delay `setTimeout` accepts without overflowing. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Default longest single wait: a forward clock jump is noticed within this time. */
export const DEFAULT_MAX_CHUNK_MS = 5 * 60_000;

export interface ScheduleOptions {
  clock?: Clock;
  /** Longest single setTimeout (ms), capped at {@link MAX_TIMEOUT_MS}. */
  maxChunkMs?: number;
}

/** Cancels the task when called; also lets the owner re-check the clock right away. */
export interface ScheduledTask {
  (): void;
  /** Re-reads the clock now: runs the task if due, else re-arms. Call after resume/time change. */
  rearm(): void;
  readonly atMs: number;
  /** False once run or cancelled. */
  readonly pending: boolean;
}

/** Runs `fn` once, when the wall clock reaches `atMs`. Returns a cancel function (see {@link ScheduledTask}). */
export function scheduleAt(atMs: number, fn: () => void, opts: ScheduleOptions = {}): ScheduledTask {
  const clock = opts.clock ?? systemClock;
  const chunk = Math.max(1, Math.min(opts.maxChunkMs ?? DEFAULT_MAX_CHUNK_MS, MAX_TIMEOUT_MS));
  let handle: ReturnType<typeof setTimeout> | null = null;
  let pending = true;

  const clear = () => {
    if (handle !== null) clearTimeout(handle);
    handle = null;
  };

  const check = () => {
    if (!pending) return;
    clear();
    const remaining = atMs - clock.now();
    if (remaining <= 0) {
      pending = false;
      fn();
      return;
    }
    handle = setTimeout(check, Math.min(remaining, chunk));
  };

  const cancel = (() => {
    pending = false;
    clear();
  }) as ScheduledTask;
  Object.defineProperties(cancel, {
    rearm: { value: check },
    atMs: { value: atMs },
    pending: { get: () => pending },
  });
  // First check is always asynchronous so `fn` never runs before scheduleAt returns.
  handle = setTimeout(check, Math.max(0, Math.min(atMs - clock.now(), chunk)));
  return cancel;
}

/**
 * Resolves when the wall clock reaches `atMs`; rejects with the signal's reason (an
 * `AbortError` by default) as soon as `signal` aborts.
 */
export function sleepUntil(atMs: number, signal?: AbortSignal, opts: ScheduleOptions = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = () => {
      task();
      reject(abortReason(signal!));
    };
    const task = scheduleAt(
      atMs,
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      opts,
    );
    if (task.pending) signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('Aborted', 'AbortError');
}

interface DueEntry {
  atMs: number;
  fn: () => void;
  pending: boolean;
}

/**
 * Many wall-clock tasks on one timer, the earliest one's: fifty numbers waiting for their next
 * send cost one `setTimeout` instead of fifty, so a waiting engine does not wake for each.
 * A cancelled task does not re-arm the timer: if it was the earliest, the timer still fires then,
 * finds nothing due and arms for the next one (cancel-and-reschedule is the engine's common case,
 * and it would otherwise clear and set a timer every time).
 */
export class DueTimers {
  private readonly entries = new Set<DueEntry>();
  private armed: ScheduledTask | null = null;
  private readonly clock: Clock;

  constructor(private readonly opts: ScheduleOptions = {}) {
    this.clock = opts.clock ?? systemClock;
  }

  /** Like {@link scheduleAt}, sharing this queue's timer. */
  scheduleAt(atMs: number, fn: () => void): ScheduledTask {
    const entry: DueEntry = { atMs, fn, pending: true };
    this.entries.add(entry);
    this.arm();
    const cancel = (() => {
      entry.pending = false;
      this.entries.delete(entry);
    }) as ScheduledTask;
    Object.defineProperties(cancel, {
      rearm: { value: () => this.fire() },
      atMs: { value: atMs },
      pending: { get: () => entry.pending },
    });
    return cancel;
  }

  /** How many tasks wait. */
  get size(): number {
    return this.entries.size;
  }

  /** Re-reads the clock now (after resume or a clock change): runs what is due, re-arms for the rest. */
  rearm(): void {
    this.fire();
  }

  /** Cancels every task and the timer. */
  clear(): void {
    for (const e of this.entries) e.pending = false;
    this.entries.clear();
    this.armed?.();
    this.armed = null;
  }

  private earliest(): number | null {
    let at: number | null = null;
    for (const e of this.entries) if (at === null || e.atMs < at) at = e.atMs;
    return at;
  }

  private arm(): void {
    const at = this.earliest();
    if (at === null) return; // a timer left armed fires once more and finds nothing
    if (this.armed?.pending && this.armed.atMs <= at) return;
    this.armed?.();
    this.armed = scheduleAt(
      at,
      () => {
        this.armed = null;
        this.fire();
      },
      this.opts,
    );
  }

  private fire(): void {
    const now = this.clock.now();
    const due = [...this.entries].filter((e) => e.atMs <= now).sort((a, b) => a.atMs - b.atMs);
    for (const e of due) {
      this.entries.delete(e);
      e.pending = false;
    }
    for (const e of due) e.fn();
    this.arm();
  }
}

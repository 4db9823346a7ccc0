import { ChannelSendError } from './errors';

/**
 * Waits `ms`, or rejects with ABORTED at once when any of `signals` aborts (the send's own
 * signal, and the channel's lifetime: stop() ends every wait). Shared by the channels' typing
 * delays and simulated latencies.
 */
export function abortableWait(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  return waitUnlessAborted(ms, signals, () => new ChannelSendError('ABORTED'));
}

/**
 * Waits `ms`, or rejects at once with `failure()` (asked when the abort happens) when any of
 * `signals` aborts. For a channel whose stop() means something other than ABORTED (the Cloud
 * channel's pacing: the message never left, so it goes back to the queue).
 */
export function waitUnlessAborted(ms: number, signals: ReadonlyArray<AbortSignal | undefined>, failure: () => Error): Promise<void> {
  return new Promise((resolve, reject) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) {
      reject(failure());
      return;
    }
    const onAbort = () => {
      cleanup();
      reject(failure());
    };
    const cleanup = () => {
      clearTimeout(t);
      for (const s of live) s.removeEventListener('abort', onAbort);
    };
    const t = setTimeout(() => {
      cleanup();
      resolve();
    }, Math.max(0, ms));
    for (const s of live) s.addEventListener('abort', onAbort, { once: true });
  });
}

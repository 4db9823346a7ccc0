import { ChannelSendError } from './errors';

/**
 * Waits `ms`, or rejects with ABORTED at once when any of `signals` aborts (the send's own
 * signal, and the channel's lifetime: stop() ends every wait). Shared by the channels' typing
 * delays and simulated latencies.
 */
export function abortableWait(ms: number, ...signals: Array<AbortSignal | undefined>): Promise<void> {
  return new Promise((resolve, reject) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) {
      reject(new ChannelSendError('ABORTED'));
      return;
    }
    const onAbort = () => {
      cleanup();
      reject(new ChannelSendError('ABORTED'));
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

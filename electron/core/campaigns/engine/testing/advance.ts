/**
 * Fake time for engine tests, with real disk writes in it. The Simulator's ledger and the send
 * journal append on libuv's thread pool, which fake timers do not drive: a send that awaits its
 * ledger line would still be on disk when `vi.advanceTimersByTimeAsync` had already run the
 * timers after it. `advance` moves the clock one timer at a time and lets those writes finish in
 * between, as they would in real time (a write takes milliseconds, a pacing gap seconds).
 */
import { vi } from 'vitest';
import { durableWritesInFlight, whenDurableWritesSettle } from '../../../lib/durable-file';

export async function advance(ms: number): Promise<void> {
  let reached = false;
  // A timer at the target time, so stepping to the next timer never jumps past it.
  const target = setTimeout(() => {
    reached = true;
  }, ms);
  try {
    await settle();
    while (!reached) {
      await vi.advanceTimersToNextTimerAsync();
      await settle();
    }
  } finally {
    clearTimeout(target);
  }
}

/** Runs what is due now and waits for the disk writes that started, until neither is left. */
export async function settle(): Promise<void> {
  for (;;) {
    await vi.advanceTimersByTimeAsync(0);
    if (durableWritesInFlight() === 0) return;
    await whenDurableWritesSettle();
  }
}

import type { SocketEvents } from './socket';

/** How long events may sit in Baileys' buffer before we release them ourselves. */
export const STUCK_BUFFER_MS = 1_500;
const CHECK_EVERY_MS = 500;

/**
 * Baileys 7.0.0-rc14's event buffer can get stuck: when a direct `flush()` runs while a buffered
 * function is still working, that function's deferred flush later fires on an idle buffer and
 * returns early without clearing its timer id, so no buffered function ever schedules a flush
 * again. Receipts (a 463 included), replies and our own upserts then wait for the buffer's 30 s
 * auto-flush. Seen against the stand-in after a linked number sat idle for a while. We release a
 * buffer that has been holding events for longer than STUCK_BUFFER_MS; flushing early only
 * splits events into smaller batches, which the channel handles (it dedupes by message id).
 */
export function watchEventBuffer(ev: SocketEvents, opts: { stuckMs?: number; everyMs?: number } = {}): () => void {
  const isBuffering = ev.isBuffering?.bind(ev);
  const flush = ev.flush?.bind(ev);
  if (!isBuffering || !flush) return () => {};
  const stuckMs = opts.stuckMs ?? STUCK_BUFFER_MS;
  let since: number | null = null;
  const timer = setInterval(() => {
    if (!isBuffering()) {
      since = null;
      return;
    }
    const now = Date.now();
    if (since === null) since = now;
    else if (now - since >= stuckMs) {
      since = null;
      flush();
    }
  }, opts.everyMs ?? CHECK_EVERY_MS);
  timer.unref?.();
  return () => clearInterval(timer);
}

/**
 * Coalesced progress events, so a fast campaign does not flood the UI with a state read and an
 * event per send. Per campaign, a token bucket: up to `burst` events go out at once, then one per
 * interval. One send changes a delivery two or three times within milliseconds (sending, sent,
 * delivered), and each of those shows on screen without waiting out an interval; a campaign
 * sending many a second still costs at most one event per interval.
 */
import type { Clock } from '../pacing';

/** Events a campaign may send back to back before the interval applies. */
export const PROGRESS_BURST = 3;

export class ProgressEvents {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  /** Per campaign: events it may still send at once, as counted at `at`. */
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    /** Reads the campaign's state and emits it. */
    private readonly send: (id: number) => void,
    private readonly burst = PROGRESS_BURST,
  ) {}

  /** Schedules the campaign's next event (no-op when one is already pending). */
  schedule(id: number): void {
    if (this.stopped || this.timers.has(id)) return;
    const tokens = this.tokens(id, this.clock.now());
    // A zero wait still coalesces the changes of one turn of the event loop.
    const wait = tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.intervalMs);
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        if (this.stopped) return;
        const at = this.clock.now();
        this.buckets.set(id, { tokens: Math.max(0, this.tokens(id, at) - 1), at });
        this.send(id);
      }, wait),
    );
  }

  /** The campaign left the scheduler: its bucket goes, and a later start begins with a full one. */
  forget(id: number): void {
    this.buckets.delete(id);
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private tokens(id: number, now: number): number {
    const b = this.buckets.get(id);
    if (!b || this.intervalMs <= 0) return this.burst;
    return Math.min(this.burst, b.tokens + Math.max(0, now - b.at) / this.intervalMs);
  }
}

/**
 * Coalesced progress events: at most one per campaign per interval, so a fast campaign does not
 * flood the UI with a state read and an event per send.
 */
import type { Clock } from '../pacing';

export class ProgressEvents {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly last = new Map<number, number>();
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    /** Reads the campaign's state and emits it; false when nothing may be read any more. */
    private readonly send: (id: number) => void,
  ) {}

  /** Schedules the campaign's next event (no-op when one is already pending). */
  schedule(id: number): void {
    if (this.stopped || this.timers.has(id)) return;
    const interval = this.intervalMs;
    const wait = Math.max(0, (this.last.get(id) ?? -Infinity) + interval - this.clock.now());
    this.timers.set(
      id,
      setTimeout(() => {
        this.timers.delete(id);
        if (this.stopped) return;
        this.last.set(id, this.clock.now());
        this.send(id);
      }, Math.min(wait, interval)),
    );
  }

  stop(): void {
    this.stopped = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/**
 * Virtual time for the reconnect logic, so a test can live through an hour of retries in seconds
 * while the socket traffic stays real (the production Baileys socket against the stand-in).
 * Only the channel's scheduler and the engine's clock read it; Baileys and the stand-in keep
 * their own real timers, which a test never has to wait for.
 */
import type { ChannelScheduler } from '../whatsapp-channel';

interface Timer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

export class VirtualTime implements ChannelScheduler {
  private t: number;
  private seq = 0;
  private timers: Timer[] = [];

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): () => void {
    const timer: Timer = { at: this.t + Math.max(0, ms), seq: this.seq++, fn, cancelled: false };
    this.timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** The earliest pending timer, or null. */
  nextAt(): number | null {
    this.timers = this.timers.filter((x) => !x.cancelled);
    return this.timers.length ? Math.min(...this.timers.map((x) => x.at)) : null;
  }

  /** Moves the clock to `to`, running due timers in order (each at its own instant). */
  advanceTo(to: number): void {
    for (;;) {
      this.timers = this.timers.filter((x) => !x.cancelled);
      const due = this.timers.filter((x) => x.at <= to).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = Math.max(this.t, to);
  }
}

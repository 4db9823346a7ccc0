import type { CampaignView } from './campaign-state';

/**
 * Keep the computer awake only while a campaign is actively sending: running and either
 * sending now or waiting a short, pacing-related pause. A campaign waiting for tomorrow's
 * window, a daily cap or a number lets the computer sleep; the engine recomputes its due
 * times when it wakes up.
 */

/** Waits that are part of sending (between messages, a batch pause, a retry, the hourly cap). */
export const SENDING_WAITS: readonly string[] = ['delay', 'batch_pause', 'retry', 'hourly_cap'];
/** A pacing wait longer than this is not worth keeping the computer awake for. */
export const AWAKE_HORIZON_MS = 15 * 60_000;

export function isActivelySending(c: CampaignView, now: number): boolean {
  if (c.status !== 'running') return false;
  if (!c.waiting) return true;
  if (!SENDING_WAITS.includes(c.waiting.reason)) return false;
  return c.waiting.until === null || c.waiting.until - now <= AWAKE_HORIZON_MS;
}

export function shouldBlockSleep(campaigns: readonly CampaignView[], now: number): boolean {
  return campaigns.some((c) => isActivelySending(c, now));
}

/** The slice of Electron's powerSaveBlocker used here. */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
  isStarted(id: number): boolean;
}

export class PowerSaveController {
  private id: number | null = null;

  constructor(private readonly blocker: PowerSaveBlockerLike) {}

  get blocking(): boolean {
    return this.id !== null && this.blocker.isStarted(this.id);
  }

  /** Starts or stops the blocker to match the campaigns; returns whether it now blocks. */
  update(campaigns: readonly CampaignView[], now: number): boolean {
    const want = shouldBlockSleep(campaigns, now);
    // 'prevent-app-suspension' keeps the system awake but lets the screen turn off.
    if (want && !this.blocking) this.id = this.blocker.start('prevent-app-suspension');
    if (!want && this.id !== null) {
      if (this.blocker.isStarted(this.id)) this.blocker.stop(this.id);
      this.id = null;
    }
    return want;
  }

  release(): void {
    if (this.id !== null && this.blocker.isStarted(this.id)) this.blocker.stop(this.id);
    this.id = null;
  }
}

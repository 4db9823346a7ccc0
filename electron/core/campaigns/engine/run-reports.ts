/**
 * What the UI hears about running campaigns: changes and coalesced progress, and why a
 * campaign is waiting (schedule, window, pace, caps, a number's connection), with the pause
 * that follows when its numbers have been coming back for too long.
 */
import type { CampaignWait } from '../../../../shared/api/methods/campaign-run';
import type { PlannedSend } from '../pacing';
import type { CampaignRuntime } from './campaign-runtime';
import type { EngineContext } from './engine-context';
import { ProgressEvents } from './progress-events';
import { statusReason, waitMessage } from './reasons';
import type { Worker } from './worker';

/**
 * A campaign's steady rate of progress events: one per this long, after a burst of a few
 * (progress-events.ts). A delivery change shows on screen with the next progress event
 * (results/live.ts); the burst lets a send's quick successive changes show at once.
 */
const PROGRESS_INTERVAL_MS = 100;

export class RunReports {
  private readonly progressEvents: ProgressEvents;
  /** The last wait reported per campaign: a progress event only when it changes. */
  private readonly lastWait = new Map<number, string>();

  constructor(private readonly ctx: EngineContext) {
    this.progressEvents = new ProgressEvents(ctx.clock, ctx.opts.progressIntervalMs ?? PROGRESS_INTERVAL_MS, (id) => {
      if (ctx.life.stopped || !ctx.db.open) return;
      try {
        ctx.opts.emit('campaigns.progress', ctx.commands.runState(id));
      } catch {
        // The campaign may have been deleted meanwhile.
      }
    });
  }

  stop(): void {
    this.progressEvents.stop();
  }

  /** The campaign's status changed (lists re-read it). */
  changed(id: number): void {
    this.ctx.opts.emit('campaigns.changed', { id });
    this.progress(id);
  }

  /** Coalesced: at most one progress event per campaign per interval. */
  progress(id: number): void {
    if (!this.ctx.life.stopped) this.progressEvents.schedule(id);
  }

  /** The campaign left the scheduler. */
  forget(id: number): void {
    this.lastWait.delete(id);
    this.progressEvents.forget(id);
  }

  /** `w` found nothing to send now: its campaigns' waits may have changed. */
  refreshWaits(w: Worker, now: number): void {
    const { workers, fallbacks, opts } = this.ctx;
    for (const c of [...this.ctx.campaigns.values()]) {
      if (!c.numberIds.includes(w.id)) continue;
      // Every number down and reconnecting: a plan B starts waiting out its grace.
      if (!workers.anyAvailable(c)) fallbacks.webLost(c, workers.lostForGood(c), statusReason(w.label, opts.registry.get(w.id)?.status().state ?? 'disconnected').text);
      if (this.pauseIfStalled(c, now)) continue;
      const wait = this.waitingOf(c, now);
      const key = wait ? `${wait.reason}:${wait.until ?? ''}` : '';
      if (this.lastWait.get(c.id) !== key) {
        this.lastWait.set(c.id, key);
        this.progress(c.id);
      }
    }
  }

  waitingOf(c: CampaignRuntime, now: number): CampaignWait | null {
    const { workers, stalls, days } = this.ctx;
    const mk = (reason: CampaignWait['reason'], until: number | null): CampaignWait => ({ reason, until, message: waitMessage(reason, until, c.window, now) });
    if (c.startAt !== null && now < c.startAt) return mk('scheduled', c.startAt);
    const anyNumber = workers.anyAvailable(c);
    const stalled = stalls.waitLine(c.id, now, workers.linksOf(c), anyNumber, days.timeZone);
    if (stalled && (!anyNumber || stalls.heldUntil(c.id) > now)) return stalled;
    if (!anyNumber) return mk('no_number', null);
    if (c.nextDueAt === null || c.inFlight > 0) return null;
    let best: PlannedSend | null = null;
    for (const [nid, p] of c.plans) {
      const w = workers.get(nid);
      if (!p || !w || !workers.isAvailable(w)) continue;
      if (!best || p.atMs < best.atMs) best = p;
    }
    if (!best || best.atMs <= now + 1000) return null;
    const reason = best.reason === 'ready' ? (c.nextDueAt > now ? 'retry' : 'delay') : best.reason;
    return mk(reason, best.atMs);
  }

  /** Pauses a campaign whose numbers have all been coming back for too long with work due. */
  pauseIfStalled(c: CampaignRuntime, now: number): boolean {
    const { workers, stalls, fallbacks } = this.ctx;
    if (fallbacks.waiting(c.id)) return false;
    const anyNumber = workers.anyAvailable(c);
    const due = c.nextDueAt !== null && c.nextDueAt <= now && (c.startAt === null || now >= c.startAt) && c.nextOpen(now) === now;
    const pause = stalls.evaluate(c.id, now, due, workers.linksOf(c), anyNumber);
    if (!pause || !this.ctx.campaigns.has(c.id)) return false;
    this.ctx.commands.pause(c.id, pause.code, pause.reason);
    return true;
  }

  /** The stall timer of a campaign fired. */
  checkStalled(id: number): void {
    const c = this.ctx.campaigns.get(id);
    if (c && !this.ctx.life.stopped) this.pauseIfStalled(c, this.ctx.clock.now());
  }
}

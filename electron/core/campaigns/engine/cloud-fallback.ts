/**
 * A WhatsApp Web campaign's plan B (`draft.fallback`): when every Web number of the campaign is
 * restricted, logged out, or disconnected past the grace period, the contacts still queued continue
 * on the fallback Cloud number with its approved template.
 *
 * - Restrictions and ban signals, a logout and a "restricted" status take over at once: waiting
 *   would not bring the number back. A dropped connection (disconnected, error, reconnecting)
 *   waits `graceMinutes` first; the wait ends if a Web number comes back.
 * - The switch is stored (`campaign_routes`), so a restart or a resume keeps the campaign on the
 *   Cloud number; it never goes back to Web by itself.
 * - At most once across routes: only `queued` deliveries move. A message in flight on the Web
 *   number when it failed either never left (back to the queue, then Cloud) or may have left
 *   (uncertain, never resent), so a contact never gets both.
 */
import type { Db } from '../../db/open';
import type { ChannelStatus } from '../../channels/types';
import type { Logger } from '../../log/logger';
import { scheduleAt, type Clock, type ScheduledTask } from '../pacing';
import type { CampaignRuntime } from './campaign-runtime';

/** States a Web number does not come back from by itself: a campaign's plan B takes over at once. */
export const HARD_LOSS = new Set<ChannelStatus['state']>(['logged_out', 'restricted']);

export interface FallbackRoutesOptions {
  db: Db;
  clock: Clock;
  logger: Pick<Logger, 'info' | 'warn'>;
  /** Is the campaign still loaded, on Web, and without any usable number? */
  stillLost(campaignId: number): CampaignRuntime | null;
  /** The campaign moved to its Cloud number: open its worker and send. */
  tookOver(c: CampaignRuntime): void;
}

export class FallbackRoutes {
  private readonly timers = new Map<number, ScheduledTask>();

  constructor(private readonly o: FallbackRoutesOptions) {}

  /** On load: a campaign that already switched stays on its Cloud number. True when it did. */
  restore(c: CampaignRuntime): boolean {
    if (!c.fallbackTemplate) return false;
    const row = this.o.db.prepare<[number], { n: number }>('SELECT 1 AS n FROM campaign_routes WHERE campaign_id = ?').get(c.id);
    if (row) c.activateFallback();
    return row !== undefined;
  }

  /** The campaign's plan B took over (stored): its Web numbers no longer send for it. */
  switched(campaignId: number): boolean {
    return this.o.db.prepare<[number], { n: number }>('SELECT 1 AS n FROM campaign_routes WHERE campaign_id = ?').get(campaignId) !== undefined;
  }

  /**
   * Every Web number of `c` became unusable. `hard`: restricted, banned or logged out. True when
   * the fallback took over or is waiting out its grace, so the campaign must not pause.
   */
  webLost(c: CampaignRuntime, hard: boolean, reason: string): boolean {
    const fallback = c.draft.fallback;
    if (!c.fallbackTemplate || !fallback || c.fallbackActive) return false;
    const grace = fallback.graceMinutes * 60_000;
    if (hard || grace === 0) {
      this.takeOver(c, reason);
      return true;
    }
    if (!this.timers.has(c.id)) {
      this.o.logger.info({ campaignId: c.id, graceMinutes: fallback.graceMinutes }, 'web numbers down: waiting before the cloud fallback');
      this.timers.set(
        c.id,
        scheduleAt(
          this.o.clock.now() + grace,
          () => {
            this.timers.delete(c.id);
            const still = this.o.stillLost(c.id);
            if (still) this.takeOver(still, reason);
          },
          { clock: this.o.clock },
        ),
      );
    }
    return true;
  }

  /** Waiting out the grace for this campaign (it must not pause as stalled meanwhile). */
  waiting(campaignId: number): boolean {
    return this.timers.has(campaignId);
  }

  /** A number came back: campaigns it serves stop waiting for the fallback. */
  numberBack(numberId: number, campaigns: Iterable<CampaignRuntime>): void {
    for (const c of campaigns) if (c.numberIds.includes(numberId)) this.cancel(c.id);
  }

  cancel(campaignId: number): void {
    this.timers.get(campaignId)?.();
    this.timers.delete(campaignId);
  }

  stop(): void {
    for (const t of this.timers.values()) t();
    this.timers.clear();
  }

  private takeOver(c: CampaignRuntime, reason: string): void {
    this.cancel(c.id);
    this.o.db.prepare('INSERT INTO campaign_routes (campaign_id, fallback_at, reason) VALUES (?, ?, ?) ON CONFLICT (campaign_id) DO NOTHING').run(c.id, this.o.clock.now(), reason.slice(0, 500));
    c.activateFallback();
    this.o.logger.warn({ campaignId: c.id, numberId: c.numberIds[0] }, 'web numbers lost: the campaign continues on its cloud fallback');
    this.o.tookOver(c);
  }
}

/**
 * Pushes `results.changed` so open result views refresh without polling.
 *
 * Delivery changes and new replies are noticed with TEMP triggers on this connection that call
 * back into JavaScript (they live and die with the connection and never touch the schema on
 * disk, so other connections — CLI, backups — are unaffected). The callback only notes the time
 * of the first change not yet announced; nothing is emitted inside the writer's transaction.
 *
 * - deliveries: announced right after the engine's own `campaigns.progress` for that campaign
 *   (which already carries the counters), so the UI can tell how long the change took to show;
 *   a fallback timer covers changes the engine does not announce.
 * - replies and deals: coalesced here, at most one event per campaign per `intervalMs`.
 */
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { EventPayload } from '../../../shared/api/contract';

type Reason = EventPayload<'results.changed'>['reason'];

const FN = 'recado_results_touch';
const KIND: Record<number, Reason> = { 0: 'deliveries', 1: 'replies' };

export interface ResultsLiveOptions {
  intervalMs?: number;
  /** Delivery changes the engine did not announce are pushed after this long. */
  fallbackMs?: number;
  now?: () => number;
}

export class ResultsLive {
  private readonly pending = new Map<string, { campaignId: number | null; reason: Reason; changedAt: number }>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastEmit = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private closed = false;
  private readonly interval: number;
  private readonly fallback: number;
  private readonly now: () => number;

  constructor(
    private readonly db: Db,
    private readonly events: EventBus,
    options: ResultsLiveOptions = {},
  ) {
    this.interval = options.intervalMs ?? 200;
    this.fallback = options.fallbackMs ?? 1000;
    this.now = options.now ?? Date.now;
    db.function(FN, { deterministic: false }, (campaignId: unknown, kind: unknown) => {
      this.touch(typeof campaignId === 'number' ? campaignId : campaignId === null ? null : Number(campaignId), KIND[Number(kind)] ?? 'deliveries');
      return null;
    });
    db.exec(`
      CREATE TEMP TRIGGER IF NOT EXISTS results_live_deliveries AFTER UPDATE OF state, replied_at ON main.deliveries
      WHEN OLD.state IS NOT NEW.state OR OLD.replied_at IS NOT NEW.replied_at
      BEGIN SELECT ${FN}(NEW.campaign_id, 0); END;
      CREATE TEMP TRIGGER IF NOT EXISTS results_live_deliveries_new AFTER INSERT ON main.deliveries
      BEGIN SELECT ${FN}(NEW.campaign_id, 0); END;
      CREATE TEMP TRIGGER IF NOT EXISTS results_live_inbound AFTER INSERT ON main.inbound_messages
      BEGIN SELECT ${FN}(NEW.campaign_id, 1); END;
    `);
    this.unsubscribe = events.subscribe((name, payload) => {
      if (name !== 'campaigns.progress') return;
      const id = (payload as { id: number }).id;
      const key = keyOf(id, 'deliveries');
      if (!this.pending.has(key)) return;
      // After the progress event has gone out to every transport.
      queueMicrotask(() => this.flush(key));
    });
  }

  /** A change the UI should hear about (deals call this directly). */
  touch(campaignId: number | null, reason: Reason): void {
    if (this.closed) return;
    const key = keyOf(campaignId, reason);
    if (!this.pending.has(key)) this.pending.set(key, { campaignId, reason, changedAt: this.now() });
    if (this.timers.has(key)) return;
    const wait = reason === 'deliveries' ? this.fallback : Math.max(0, (this.lastEmit.get(key) ?? -Infinity) + this.interval - this.now());
    const timer = setTimeout(() => this.flush(key), Math.min(wait, Math.max(this.interval, this.fallback)));
    timer.unref?.();
    this.timers.set(key, timer);
  }

  private flush(key: string): void {
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    const p = this.pending.get(key);
    if (!p || this.closed) return;
    this.pending.delete(key);
    this.lastEmit.set(key, this.now());
    this.events.emit('results.changed', { campaignId: p.campaignId, reason: p.reason, changedAt: p.changedAt });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.pending.clear();
    if (this.db.open) {
      try {
        this.db.exec('DROP TRIGGER IF EXISTS temp.results_live_deliveries; DROP TRIGGER IF EXISTS temp.results_live_deliveries_new; DROP TRIGGER IF EXISTS temp.results_live_inbound;');
      } catch {
        // Closing anyway.
      }
    }
  }
}

function keyOf(campaignId: number | null, reason: Reason): string {
  return `${campaignId ?? 0}|${reason}`;
}

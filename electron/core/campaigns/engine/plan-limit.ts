/**
 * The plan's messages per day across every number that counts (real numbers; Simulator
 * rehearsals only when asked). The day's total is read once and then kept in step in memory.
 */
import type { Db } from '../../db/open';
import type { PlanGate } from '../../license/gate';
import type { NumberKind } from '../../numbers/numbers-store';
import type { DayKeyer } from '../deliveries/day-key';

export class PlanLimit {
  private count: { day: string; n: number } | null = null;

  constructor(
    private readonly db: Db,
    private readonly days: DayKeyer,
    private readonly plan: PlanGate,
    private readonly countsSimulator: boolean,
  ) {}

  /** Whether sends through a number of this kind count toward the plan. */
  counts(kind: NumberKind): boolean {
    return kind !== 'simulator' || this.countsSimulator;
  }

  /** Messages counted today (the app's local day of `now`). */
  today(now: number): number {
    const day = this.days.keyOf(now);
    if (!this.count || this.count.day !== day) {
      const n = this.db
        .prepare<[string, number], { n: number }>(
          `SELECT coalesce(sum(c.attempts), 0) AS n FROM number_daily_counters c JOIN numbers n ON n.id = c.number_id
           WHERE c.day = ? AND (n.kind <> 'simulator' OR ?)`,
        )
        .get(day, this.countsSimulator ? 1 : 0)!.n;
      // The license's sealed copy of the day's count wins over counters edited outside the app.
      this.count = { day, n: Math.max(n, this.plan.sendsFloor?.(day) ?? 0) };
    }
    return this.count.n;
  }

  /** A send counted (n = 1) or given back (n = -1) on the day of `at`. */
  bump(at: number, n: number): void {
    const day = this.days.keyOf(at);
    if (this.count?.day === day) this.count.n += n;
  }

  /** Re-read on next use (clock or zone changed, a campaign resumed). */
  reset(): void {
    this.count = null;
  }
}

/**
 * Counters kept in step with deliveries. Each delivery row "contributes" +1 to a set of counter
 * cells derived from its columns; a change applies (new contributions − old contributions) in
 * the caller's transaction, so counters always equal a GROUP BY over deliveries:
 * - campaign_counters(campaign)[state], [replied], [total]   (a skipped row of a cancelled
 *   campaign counts under [cancelled], not [skipped]: see states.ts viewStateOf)
 * - variation_counters(campaign, variation)[state], [replied]   (rows with a variation)
 * - number_daily_counters(number, day)[sent|delivered|read|replied] by the day of each timestamp,
 *   [failed] by the day of failed_at for failed rows. `attempts` is an event count (see bumpAttempt).
 */
import type { Db } from '../../db/open';
import { viewStateOf, type DeliveryState } from './states';
import type { DayKeyer } from './day-key';

/** The delivery columns counters depend on. */
export interface CounterFields {
  campaign_id: number;
  state: DeliveryState;
  variation: number | null;
  number_id: number | null;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  replied_at: number | null;
  failed_at: number | null;
  /** Tells a cancelled skip from the other skips. */
  error_code: string | null;
}

export const COUNTER_COLUMNS = 'campaign_id, state, variation, number_id, sent_at, delivered_at, read_at, replied_at, failed_at, error_code';

type Cell = { table: 'c'; campaign: number; col: string } | { table: 'v'; campaign: number; variation: number; col: string } | { table: 'n'; number: number; day: string; col: string };

const STATE_COLS = new Set(['total', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'invalid', 'skipped', 'cancelled', 'uncertain', 'replied']);

/** The campaign/variation counter column a row's state counts in. */
type StateColumn = DeliveryState | 'cancelled';
const NUMBER_COLS = new Set(['attempts', 'sent', 'delivered', 'read', 'replied', 'failed']);

export class CounterWriter {
  private readonly stmts = new Map<string, { run(...args: unknown[]): unknown }>();
  private readonly ensureCampaign;
  /** The statements of the two transitions every send makes, prepared once. */
  private hot: ReturnType<CounterWriter['prepareHot']> | null = null;

  constructor(
    private readonly db: Db,
    private readonly days: DayKeyer,
  ) {
    this.ensureCampaign = db.prepare('INSERT OR IGNORE INTO campaign_counters (campaign_id) VALUES (?)');
  }

  /** Applies the counter change of one row going from `before` to `after` (null = absent). */
  applyChange(before: CounterFields | null, after: CounterFields | null): void {
    // Net change per counter row, then one statement per row touched (not one per cell).
    const rows = new Map<string, { cell: Cell; cols: Map<string, number> }>();
    const add = (row: CounterFields | null, sign: number) => {
      if (!row) return;
      for (const cell of this.cells(row)) {
        const key = rowKey(cell);
        let r = rows.get(key);
        if (!r) rows.set(key, (r = { cell, cols: new Map() }));
        r.cols.set(cell.col, (r.cols.get(cell.col) ?? 0) + sign);
      }
    };
    add(before, -1);
    add(after, +1);
    for (const { cell, cols } of rows.values()) {
      const changed = [...cols].filter(([, n]) => n !== 0);
      if (changed.length) this.bumpRow(cell, changed);
    }
  }

  /** A new row: also counts it in `total`. */
  inserted(row: CounterFields): void {
    this.ensureCampaign.run(row.campaign_id);
    this.applyChange(null, row);
    this.bumpRow({ table: 'c', campaign: row.campaign_id, col: 'total' }, [['total', 1]]);
  }

  /** Many fresh queued rows of one campaign at once (materialization). */
  queuedBulk(campaignId: number, n: number): void {
    this.ensureCampaign.run(campaignId);
    if (n === 0) return;
    this.bumpRow({ table: 'c', campaign: campaignId, col: 'total' }, [['total', n], ['queued', n]]);
  }

  /** Moves `n` rows of one campaign between two state columns, for rows without variation or number (bulk skips). */
  moveBulk(campaignId: number, from: StateColumn, to: StateColumn, n: number): void {
    if (n === 0 || from === to) return;
    this.bumpRow({ table: 'c', campaign: campaignId, col: from }, [[from, -n], [to, n]]);
  }

  /** queued → sending (hot path of every send; same result as applyChange). */
  claimed(campaignId: number, variation: number, numberId: number, at: number): void {
    const h = (this.hot ??= this.prepareHot());
    h.cQueuedToSending.run(-1, 1, campaignId);
    h.vSending.run(campaignId, variation, 1);
    h.nAttempts.run(numberId, this.days.keyOf(at), 1);
  }

  /** sending → sent for a row with no receipts yet (hot path; same result as applyChange). */
  sent(row: CounterFields, sentAt: number): void {
    const h = (this.hot ??= this.prepareHot());
    h.cSendingToSent.run(-1, 1, row.campaign_id);
    if (row.variation !== null) h.vSendingToSent.run(row.campaign_id, row.variation, -1, 1);
    if (row.number_id !== null) h.nSent.run(row.number_id, this.days.keyOf(sentAt), 1);
  }

  /** One message handed (or about to be handed) to a number's channel; -1 undoes it. */
  bumpAttempt(numberId: number, at: number, n = 1): void {
    this.bumpRow({ table: 'n', number: numberId, day: this.days.keyOf(at), col: 'attempts' }, [['attempts', n]]);
  }

  dayOf(ms: number): string {
    return this.days.keyOf(ms);
  }

  private cells(r: CounterFields): Cell[] {
    const state = viewStateOf(r.state, r.error_code);
    const out: Cell[] = [{ table: 'c', campaign: r.campaign_id, col: state }];
    if (r.replied_at !== null) out.push({ table: 'c', campaign: r.campaign_id, col: 'replied' });
    if (r.variation !== null) {
      out.push({ table: 'v', campaign: r.campaign_id, variation: r.variation, col: state });
      if (r.replied_at !== null) out.push({ table: 'v', campaign: r.campaign_id, variation: r.variation, col: 'replied' });
    }
    if (r.number_id !== null) {
      const n = r.number_id;
      if (r.sent_at !== null) out.push({ table: 'n', number: n, day: this.days.keyOf(r.sent_at), col: 'sent' });
      if (r.delivered_at !== null) out.push({ table: 'n', number: n, day: this.days.keyOf(r.delivered_at), col: 'delivered' });
      if (r.read_at !== null) out.push({ table: 'n', number: n, day: this.days.keyOf(r.read_at), col: 'read' });
      if (r.replied_at !== null) out.push({ table: 'n', number: n, day: this.days.keyOf(r.replied_at), col: 'replied' });
      if (r.state === 'failed' && r.failed_at !== null) out.push({ table: 'n', number: n, day: this.days.keyOf(r.failed_at), col: 'failed' });
    }
    return out;
  }

  private prepareHot() {
    return {
      cQueuedToSending: this.prepare('c', ['queued', 'sending']),
      vSending: this.prepare('v', ['sending']),
      nAttempts: this.prepare('n', ['attempts']),
      cSendingToSent: this.prepare('c', ['sending', 'sent']),
      vSendingToSent: this.prepare('v', ['sending', 'sent']),
      nSent: this.prepare('n', ['sent']),
    };
  }

  /** Adds `deltas` to one counter row (campaign, variation or number-day). */
  private bumpRow(cell: Cell, deltas: Array<[string, number]>): void {
    const sig = `${cell.table}:${deltas.map(([c]) => c).join(',')}`;
    let stmt = this.stmts.get(sig);
    if (!stmt) {
      stmt = this.prepare(cell.table, deltas.map(([c]) => c));
      this.stmts.set(sig, stmt);
    }
    const values = deltas.map(([, n]) => n);
    if (cell.table === 'c') stmt.run(...values, cell.campaign);
    else if (cell.table === 'v') stmt.run(cell.campaign, cell.variation, ...values);
    else stmt.run(cell.number, cell.day, ...values);
  }

  private prepare(table: Cell['table'], cols: string[]): { run(...args: unknown[]): unknown } {
    for (const col of cols) {
      if (table === 'n' ? !NUMBER_COLS.has(col) : !STATE_COLS.has(col)) throw new Error(`unknown counter column ${col}`);
    }
    const q = cols.map((c) => `"${c}"`);
    const sets = q.map((c) => `${c} = ${c} + excluded.${c}`).join(', ');
    const marks = q.map(() => '?').join(', ');
    if (table === 'c') {
      // The campaign's row exists from the moment it has deliveries (see queuedBulk/inserted).
      return this.db.prepare(`UPDATE campaign_counters SET ${q.map((c) => `${c} = ${c} + ?`).join(', ')} WHERE campaign_id = ?`);
    }
    if (table === 'v') {
      return this.db.prepare(`INSERT INTO variation_counters (campaign_id, variation, ${q.join(', ')}) VALUES (?, ?, ${marks}) ON CONFLICT (campaign_id, variation) DO UPDATE SET ${sets}`);
    }
    return this.db.prepare(`INSERT INTO number_daily_counters (number_id, day, ${q.join(', ')}) VALUES (?, ?, ${marks}) ON CONFLICT (number_id, day) DO UPDATE SET ${sets}`);
  }
}

/** Identifies the counter row a cell belongs to. */
function rowKey(c: Cell): string {
  if (c.table === 'c') return `c|${c.campaign}`;
  if (c.table === 'v') return `v|${c.campaign}|${c.variation}`;
  return `n|${c.number}|${c.day}`;
}

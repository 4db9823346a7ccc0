/**
 * Every change to a delivery goes through here: one transaction updates the row and the
 * counters together (see counters.ts), and each transition checks the state it starts from, so
 * a late or duplicate event can never move a delivery backwards or twice.
 */
import type { Db } from '../../db/open';
import { COUNTER_COLUMNS, CounterWriter, type CounterFields } from './counters';
import { DayKeyer } from './day-key';
import type { DeliveryRowView, DeliveryStateName } from '../../../../shared/api/methods/campaign-run';
import { ENGINE_CODES, PROGRESS_RANK, RESENDABLE_STATES, viewStateFilter, viewStateSql, type DeliveryState } from './states';

export interface DeliveryRow extends CounterFields {
  id: number;
  contact_id: number | null;
  attempts: number;
  next_attempt_at: number;
  message_id: string | null;
  text: string | null;
  jid: string | null;
  error_code: string | null;
  error_reason: string | null;
  last_attempt_at: number | null;
  created_at: number;
  updated_at: number;
}

type Patch = Partial<Omit<DeliveryRow, 'id' | 'campaign_id' | 'contact_id' | 'created_at'>>;

/** Columns cleared when a delivery goes back to the queue: a queued row carries no attempt data. */
const CLEARED_FOR_QUEUE: Patch = {
  message_id: null,
  text: null,
  variation: null,
  number_id: null,
  jid: null,
  sent_at: null,
  delivered_at: null,
  read_at: null,
  replied_at: null,
  failed_at: null,
};

export interface ClaimInput {
  messageId: string;
  text: string;
  variation: number;
  numberId: number;
  at: number;
}

/** What the send journal says about a delivery (see applyJournal). */
export type JournalFix =
  | { state: 'queued' }
  | {
      state: 'sent' | 'uncertain';
      messageId: string;
      /** Only numbers that exist in this database (counters reference them). */
      numberId: number | null;
      variation: number | null;
      /** When the send was journalled. */
      at: number;
      sentAt?: number;
      code?: string;
      reason?: string;
    };

export interface ReceiptOutcome {
  delivery: DeliveryRow;
  changed: boolean;
}

export class DeliveryStore {
  readonly counters: CounterWriter;
  private readonly runInTx: (fn: () => unknown) => unknown;
  private readonly byId;
  private readonly byMessage;
  private readonly updates = new Map<string, { run(...a: unknown[]): unknown }>();
  private readonly insertStmt;
  private readonly nextDueStmt;
  private readonly minDueStmt;
  private readonly pendingStmt;
  private readonly claimStmt;
  private readonly sentStmt;
  private readonly sentRunStmt;

  constructor(
    readonly db: Db,
    readonly days: DayKeyer = new DayKeyer('America/Sao_Paulo'),
    private readonly now: () => number = Date.now,
  ) {
    this.counters = new CounterWriter(db, days);
    this.runInTx = db.transaction((fn: () => unknown) => fn());
    this.byId = db.prepare<[number], DeliveryRow>('SELECT * FROM deliveries WHERE id = ?');
    this.byMessage = db.prepare<[string], DeliveryRow>('SELECT * FROM deliveries WHERE message_id = ?');
    this.insertStmt = db.prepare(
      `INSERT INTO deliveries (campaign_id, contact_id, state, next_attempt_at, created_at, updated_at) VALUES (?, ?, 'queued', 0, ?, ?)`,
    );
    this.nextDueStmt = db.prepare<[number, number], { id: number }>(
      `SELECT id FROM deliveries WHERE campaign_id = ? AND state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1`,
    );
    this.minDueStmt = db.prepare<[number], { at: number | null }>(`SELECT min(next_attempt_at) AS at FROM deliveries WHERE campaign_id = ? AND state = 'queued'`);
    this.claimStmt = db.prepare(
      `UPDATE deliveries SET state = 'sending', message_id = ?, text = ?, variation = ?, number_id = ?, attempts = ?, last_attempt_at = ?,
              error_code = NULL, error_reason = NULL, updated_at = ?
       WHERE id = ? AND state = 'queued' AND attempts = ?`,
    );
    this.sentStmt = db.prepare<[string, number, number, number], CounterFields>(
      `UPDATE deliveries SET state = 'sent', jid = ?, sent_at = ?, updated_at = ? WHERE id = ? AND state = 'sending'
       RETURNING ${COUNTER_COLUMNS}`,
    );
    this.sentRunStmt = db.prepare(`UPDATE deliveries SET state = 'sent', jid = ?, sent_at = ?, updated_at = ? WHERE id = ? AND state = 'sending'`);
    this.pendingStmt = db.prepare<[number], { n: number }>(`SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND state IN ('queued', 'sending')`);
  }

  /** One page of a campaign's deliveries as the UI shows them (states as the user sees them), with the total. */
  page(campaignId: number, input: { states?: DeliveryStateName[]; offset: number; limit: number }): { total: number; rows: DeliveryRowView[] } {
    const where = input.states?.length ? viewStateFilter('d', input.states) : null;
    const filter = where ? `AND ${where.sql}` : '';
    const args = where ? [campaignId, ...where.args] : [campaignId];
    const total = (this.db.prepare(`SELECT count(*) AS n FROM deliveries d WHERE d.campaign_id = ? ${filter}`).get(...args) as { n: number }).n;
    const rows = this.db
      .prepare(
        `SELECT d.id, d.contact_id AS contactId, c.name, c.phone_key AS phone, ${viewStateSql('d')} AS state, d.attempts, d.variation, d.number_id AS numberId, d.text,
                d.error_code AS errorCode, d.error_reason AS errorReason, d.sent_at AS sentAt, d.delivered_at AS deliveredAt,
                d.read_at AS readAt, d.replied_at AS repliedAt, d.updated_at AS updatedAt
         FROM deliveries d LEFT JOIN contacts c ON c.id = d.contact_id
         WHERE d.campaign_id = ? ${filter} ORDER BY d.id LIMIT ? OFFSET ?`,
      )
      .all(...args, input.limit, input.offset) as DeliveryRowView[];
    return { total, rows };
  }

  get(id: number): DeliveryRow | undefined {
    return this.byId.get(id);
  }

  getByMessageId(messageId: string): DeliveryRow | undefined {
    return this.byMessage.get(messageId);
  }

  /** One queued delivery (tests and small inserts; campaigns materialize in bulk, see audience/). */
  insert(campaignId: number, contactId: number | null): DeliveryRow {
    return this.tx(() => {
      const t = this.now();
      const id = Number(this.insertStmt.run(campaignId, contactId, t, t).lastInsertRowid);
      const row = this.byId.get(id)!;
      this.counters.inserted(row);
      return row;
    });
  }

  /** The next queued delivery of a campaign that is due at `now`, oldest first. */
  nextDue(campaignId: number, now: number): number | null {
    return this.nextDueStmt.get(campaignId, now)?.id ?? null;
  }

  /** When the campaign's earliest queued delivery is due (0 = now), or null when nothing is queued. */
  nextDueAt(campaignId: number): number | null {
    return this.minDueStmt.get(campaignId)?.at ?? null;
  }

  /** Deliveries still queued or sending. */
  pendingCount(campaignId: number): number {
    return this.pendingStmt.get(campaignId)!.n;
  }

  /** queued → sending with the pre-generated message id and the exact text, before the channel is called. */
  claim(id: number, c: ClaimInput): DeliveryRow | null {
    return this.tx(() => {
      const before = this.byId.get(id);
      if (!before || before.state !== 'queued') return null;
      const row = this.write(before, {
        state: 'sending',
        message_id: c.messageId,
        text: c.text,
        variation: c.variation,
        number_id: c.numberId,
        attempts: before.attempts + 1,
        last_attempt_at: c.at,
        error_code: null,
        error_reason: null,
      });
      this.counters.bumpAttempt(c.numberId, c.at);
      return row;
    });
  }

  /**
   * sending → queued when the channel was never called (paused during typing, number gone):
   * undoes the claim, including the attempt it counted.
   */
  unclaim(claimed: DeliveryRow, prevLastAttemptAt: number | null, note?: { code: string; reason: string }): DeliveryRow | null {
    return this.tx(() => {
      const before = this.byId.get(claimed.id);
      if (!before || before.state !== 'sending' || before.message_id !== claimed.message_id) return null;
      const patch: Patch = { ...CLEARED_FOR_QUEUE, state: 'queued', attempts: Math.max(0, before.attempts - 1), last_attempt_at: prevLastAttemptAt };
      // Why it went back (e.g. the connection dropped before it left), shown on the queued row.
      if (note) Object.assign(patch, { error_code: note.code, error_reason: note.reason });
      const row = this.write(before, patch);
      if (claimed.number_id !== null && claimed.last_attempt_at !== null) this.counters.bumpAttempt(claimed.number_id, claimed.last_attempt_at, -1);
      return row;
    });
  }

  /**
   * queued → sending for a row the caller has just read as queued (same synchronous turn, so it
   * cannot have changed): skips the re-read. A queued row carries no counter fields (see
   * CLEARED_FOR_QUEUE), so its "before" is known. Falls back to {@link claim} otherwise.
   */
  claimRead(read: { id: number; campaign_id: number; attempts: number }, c: ClaimInput): boolean {
    return this.tx(() => {
      const t = this.now();
      const changes = this.claimStmt.run(c.messageId, c.text, c.variation, c.numberId, read.attempts + 1, c.at, t, read.id, read.attempts).changes;
      if (changes !== 1) return this.claim(read.id, c) !== null;
      this.counters.claimed(read.campaign_id, c.variation, c.numberId, c.at);
      return true;
    });
  }

  /** The channel accepted the message. A receipt that arrived first keeps its (later) state. */
  markSent(id: number, o: { jid: string; sentAt: number }, claimed?: Pick<CounterFields, 'campaign_id' | 'variation' | 'number_id'>): DeliveryRow | null {
    return this.tx(() => {
      if (claimed) {
        // Hot path: the caller claimed this row and knows its counter fields; a row still in
        // `sending` has no receipt timestamps, and replied_at does not depend on the state.
        if (this.sentRunStmt.run(o.jid, o.sentAt, this.now(), id).changes === 1) {
          const fields: CounterFields = {
            campaign_id: claimed.campaign_id,
            state: 'sent',
            variation: claimed.variation,
            number_id: claimed.number_id,
            sent_at: o.sentAt,
            delivered_at: null,
            read_at: null,
            replied_at: null,
            failed_at: null,
            error_code: null,
          };
          this.counters.sent(fields, o.sentAt);
          return null;
        }
      }
      // Fast path: still `sending` (so sent_at is null): one statement, counters from RETURNING.
      const r = this.sentStmt.get(o.jid, o.sentAt, this.now(), id);
      if (r && r.delivered_at === null && r.read_at === null && r.failed_at === null) {
        // The usual case: nothing but the state and sent_at change.
        this.counters.sent(r, o.sentAt);
        return { ...(r as unknown as DeliveryRow), id, state: 'sent', sent_at: o.sentAt, jid: o.jid };
      }
      if (r) {
        const before: CounterFields = { ...r, state: 'sending', sent_at: null };
        const after: CounterFields = { ...r, state: 'sent', sent_at: o.sentAt };
        this.counters.applyChange(before, after);
        return { ...(r as unknown as DeliveryRow), id, state: 'sent', sent_at: o.sentAt, jid: o.jid };
      }
      const before = this.byId.get(id);
      if (!before) return null;
      if (before.state === 'sending') return this.write(before, { state: 'sent', jid: o.jid, sent_at: o.sentAt });
      if (before.state === 'delivered' || before.state === 'read') return this.write(before, { jid: o.jid, sent_at: before.sent_at ?? o.sentAt });
      return null;
    });
  }

  /** sending → queued, due again at `nextAttemptAt` (transient failure). */
  retryLater(id: number, o: { nextAttemptAt: number; code: string; reason: string }): DeliveryRow | null {
    return this.change(id, ['sending'], { ...CLEARED_FOR_QUEUE, state: 'queued', next_attempt_at: o.nextAttemptAt, error_code: o.code, error_reason: o.reason });
  }

  fail(id: number, o: { code: string; reason: string; at: number }, from: readonly DeliveryState[] = ['sending']): DeliveryRow | null {
    return this.change(id, from, { state: 'failed', failed_at: o.at, error_code: o.code, error_reason: o.reason });
  }

  /** Not on WhatsApp (or an unusable address). */
  invalid(id: number, o: { code: string; reason: string; jid?: string | null }, from: readonly DeliveryState[] = ['sending', 'queued']): DeliveryRow | null {
    return this.change(id, from, { state: 'invalid', error_code: o.code, error_reason: o.reason, ...(o.jid !== undefined ? { jid: o.jid } : {}) });
  }

  /** We cannot tell whether the message went out: never resent automatically. */
  uncertain(id: number, o: { code: string; reason: string }): DeliveryRow | null {
    return this.change(id, ['sending'], { state: 'uncertain', error_code: o.code, error_reason: o.reason });
  }

  skip(id: number, o: { code: string; reason: string }): DeliveryRow | null {
    return this.change(id, ['queued'], { state: 'skipped', error_code: o.code, error_reason: o.reason });
  }

  /** Delivered/read/error receipts, matched by message id; forward only. */
  receipt(messageId: string, status: 'delivered' | 'read' | 'error', at: number, code?: string, reason?: string): ReceiptOutcome | null {
    return this.tx(() => {
      const before = this.byMessage.get(messageId);
      if (!before) return null;
      const rank = PROGRESS_RANK[before.state];
      if (rank === undefined) return { delivery: before, changed: false };
      if (status === 'error') {
        if (before.state === 'delivered' || before.state === 'read') return { delivery: before, changed: false };
        const row = this.write(before, { state: 'failed', failed_at: at, error_code: code ?? 'SEND_FAILED', error_reason: reason ?? null });
        return { delivery: row, changed: true };
      }
      const target = status === 'read' ? 4 : 3;
      if (rank >= target) return { delivery: before, changed: false };
      const patch: Patch = { state: status };
      if (before.sent_at === null) patch.sent_at = at;
      if (before.delivered_at === null) patch.delivered_at = at;
      if (status === 'read') patch.read_at = at;
      return { delivery: this.write(before, patch), changed: true };
    });
  }

  /** First reply to this delivery (later replies leave it as it is). */
  markReplied(id: number, at: number): DeliveryRow | null {
    return this.tx(() => {
      const before = this.byId.get(id);
      if (!before || before.replied_at !== null) return null;
      return this.write(before, { replied_at: at });
    });
  }

  /** Skips every queued delivery of a contact, across all campaigns. Returns the campaigns touched. */
  skipQueuedForContact(contactId: number, o: { code: string; reason: string }): number[] {
    return this.tx(() => {
      const ids = this.db.prepare<[number], { id: number }>(`SELECT id FROM deliveries WHERE contact_id = ? AND state = 'queued'`).all(contactId);
      const campaigns = new Set<number>();
      for (const { id } of ids) {
        const row = this.skip(id, o);
        if (row) campaigns.add(row.campaign_id);
      }
      return [...campaigns];
    });
  }

  /**
   * Skips all queued deliveries of a campaign (cancel, end of window). Queued rows carry no
   * variation/number. With the CANCELLED code they count as cancelled.
   */
  skipQueuedForCampaign(campaignId: number, o: { code: string; reason: string }): number {
    return this.tx(() => {
      const n = this.db
        .prepare(`UPDATE deliveries SET state = 'skipped', error_code = ?, error_reason = ?, updated_at = ? WHERE campaign_id = ? AND state = 'queued'`)
        .run(o.code, o.reason, this.now(), campaignId).changes;
      this.counters.moveBulk(campaignId, 'queued', o.code === ENGINE_CODES.cancelled ? 'cancelled' : 'skipped', n);
      return n;
    });
  }

  /** "Reenviar para falhas": failed and uncertain deliveries go back to the queue, due now. */
  requeueResendable(campaignId: number): number {
    return this.tx(() => {
      const marks = RESENDABLE_STATES.map(() => '?').join(', ');
      const ids = this.db.prepare<unknown[], { id: number }>(`SELECT id FROM deliveries WHERE campaign_id = ? AND state IN (${marks})`).all(campaignId, ...RESENDABLE_STATES);
      let n = 0;
      for (const { id } of ids) {
        if (this.change(id, RESENDABLE_STATES, { ...CLEARED_FOR_QUEUE, state: 'queued', next_attempt_at: 0, error_code: null, error_reason: null })) n++;
      }
      return n;
    });
  }

  /** After a crash: rows left in `sending` may or may not have gone out. Returns the campaigns touched. */
  recoverSending(reason: string): number[] {
    return this.tx(() => {
      const ids = this.db.prepare<[], { id: number }>(`SELECT id FROM deliveries WHERE state = 'sending'`).all();
      const campaigns = new Set<number>();
      for (const { id } of ids) {
        const row = this.uncertain(id, { code: 'CRASH_UNCERTAIN', reason });
        if (row) campaigns.add(row.campaign_id);
      }
      return [...campaigns];
    });
  }

  /**
   * The send journal knows better than the database (a restore, lost commits, a crash mid-send):
   * moves a delivery from one of `from` to what the journal says. `queued` undoes a claim whose
   * message never reached the channel; `sent`/`uncertain` record a journalled send.
   */
  applyJournal(id: number, from: readonly DeliveryState[], to: JournalFix): DeliveryRow | null {
    return this.tx(() => {
      const before = this.byId.get(id);
      if (!before || !from.includes(before.state)) return null;
      if (to.state === 'queued') {
        const row = this.write(before, {
          ...CLEARED_FOR_QUEUE,
          state: 'queued',
          attempts: Math.max(0, before.attempts - 1),
          last_attempt_at: before.attempts <= 1 ? null : before.last_attempt_at,
          error_code: null,
          error_reason: null,
        });
        if (before.number_id !== null && before.last_attempt_at !== null) this.counters.bumpAttempt(before.number_id, before.last_attempt_at, -1);
        return row;
      }
      // The claim of this very send is in the row: keep what it recorded (text, variation, attempt).
      const same = before.state === 'sending' && before.message_id === to.messageId;
      const numberId = same ? before.number_id : to.numberId;
      const row = this.write(before, {
        state: to.state,
        message_id: to.messageId,
        number_id: numberId,
        variation: same ? before.variation : to.variation,
        text: same ? before.text : null,
        jid: same ? before.jid : null,
        attempts: same ? before.attempts : before.attempts + 1,
        last_attempt_at: same ? before.last_attempt_at : to.at,
        sent_at: to.state === 'sent' ? (to.sentAt ?? to.at) : null,
        delivered_at: null,
        read_at: null,
        failed_at: null,
        error_code: to.state === 'uncertain' ? (to.code ?? null) : null,
        error_reason: to.state === 'uncertain' ? (to.reason ?? null) : null,
      });
      if (!same && numberId !== null) this.counters.bumpAttempt(numberId, to.at);
      return row;
    });
  }

  /** Runs `fn` in a transaction, or inside the caller's if one is open (no savepoint). */
  tx<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.runInTx(fn) as T;
  }

  private change(id: number, from: readonly DeliveryState[], patch: Patch): DeliveryRow | null {
    return this.tx(() => {
      const before = this.byId.get(id);
      if (!before || !from.includes(before.state)) return null;
      return this.write(before, patch);
    });
  }

  /** Writes `patch` over `before` and applies the counter difference. Call inside a transaction. */
  private write(before: DeliveryRow, patch: Patch): DeliveryRow {
    const full: Patch = { ...patch, updated_at: this.now() };
    const keys = Object.keys(full) as Array<keyof Patch>;
    // Call sites build their patches in a fixed key order, so the order is a good cache key.
    const sig = keys.join(',');
    let stmt = this.updates.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE deliveries SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`);
      this.updates.set(sig, stmt);
    }
    const args: unknown[] = new Array(keys.length + 1);
    for (let i = 0; i < keys.length; i++) args[i] = full[keys[i]] ?? null;
    args[keys.length] = before.id;
    stmt.run(...args);
    const after = { ...before, ...full } as DeliveryRow;
    this.counters.applyChange(before, after);
    return after;
  }
}

export { COUNTER_COLUMNS };

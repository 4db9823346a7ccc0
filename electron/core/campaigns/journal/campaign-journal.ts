/**
 * The send journal as the campaign engine uses it: campaign ids to stable uids, the record
 * before each send, outcomes, start-time reconciliation and compaction of ended campaigns.
 */
import type { Db } from '../../db/open';
import type { Logger } from '../../log/logger';
import type { DeliveryStore } from '../deliveries/delivery-store';
import { resolveSends, type JournalRecord } from './format';
import { reconcile, type CampaignRef, type ReconcileReport } from './reconcile';
import { JournalError, type SendJournal } from './send-journal';

/** What the engine calls; see CampaignEngine (deliver, start, startCampaign, maybeFinish, cancel). */
export interface EngineSendJournal {
  /** At start, before campaigns load. Returns the campaigns whose deliveries changed. */
  recover(store: DeliveryStore): number[];
  /** Right after a campaign's deliveries are created: sends journalled for it already (a restored draft). */
  reconcileCampaign(store: DeliveryStore, campaignId: number): number;
  /** Resolves once the send is durably journalled; only then may the channel get the message. */
  beforeSend(s: { campaignId: number; phone: string; messageId: string; numberId: number; variation: number | null; at: number }): Promise<void>;
  /** The channel accepted the message (not waited for). */
  sent(campaignId: number, messageId: string, at: number): void;
  /** The message never left; resolves once that is on disk (before the delivery is re-queued). */
  notSent(campaignId: number, messageId: string, at: number): Promise<void>;
  /** The campaign finished or was cancelled: compact its records. */
  ended(campaignId: number): void;
  /**
   * "Reenviar para falhas": the user releases the campaign's failed and uncertain sends for
   * another attempt. Call before they are re-queued, so a restart does not undo the decision.
   */
  released(campaignId: number): void;
}

export interface CampaignJournalOptions {
  db: Db;
  journal: SendJournal;
  logger: Logger;
  /** A restore was applied at this start and is not reconciled yet. */
  restorePending?: boolean;
  /** Called after the start-time reconciliation (restore bookkeeping, notifications). */
  onReconciled?: (report: ReconcileReport) => void;
  now?: () => number;
}

const FINAL = new Set(['finished', 'cancelled']);

export class CampaignJournal implements EngineSendJournal {
  private readonly uids = new Map<number, string>();
  private readonly uidOf;
  private readonly now: () => number;

  constructor(private readonly opts: CampaignJournalOptions) {
    this.uidOf = opts.db.prepare<[number], { uid: string | null }>('SELECT uid FROM campaigns WHERE id = ?');
    this.now = opts.now ?? Date.now;
  }

  get journal(): SendJournal {
    return this.opts.journal;
  }

  recover(store: DeliveryStore): number[] {
    const { db, journal, logger } = this.opts;
    const campaigns = db.prepare<[], CampaignRef>('SELECT id, uid, name, status FROM campaigns WHERE uid IS NOT NULL').all();
    const records: JournalRecord[] = journal.takeStartupRecords();
    // Ended campaigns' records live in archives: read them for campaigns active again (a restore).
    for (const c of campaigns) if (!FINAL.has(c.status) && c.status !== 'draft') records.push(...journal.archived(c.uid));
    const report = store.tx(() =>
      reconcile(db, store, resolveSends(records), campaigns, { restored: this.opts.restorePending === true, journalExisted: journal.existedBefore, now: this.now() }),
    );
    const { sent, uncertain, requeued } = report.totals;
    if (sent || uncertain || requeued || report.restored) {
      logger.warn({ restored: report.restored, sent, uncertain, requeued, campaigns: report.campaigns.length, journalExisted: journal.existedBefore }, 'deliveries reconciled with the send journal');
    }
    this.opts.onReconciled?.(report);
    // Campaigns that ended (or that this database does not have) leave the active file.
    const status = new Map(campaigns.map((c) => [c.uid, c.status]));
    journal.compact(journal.campaignsInActive().filter((uid) => FINAL.has(status.get(uid) ?? 'finished')));
    return report.touched;
  }

  reconcileCampaign(store: DeliveryStore, campaignId: number): number {
    const uid = this.uid(campaignId);
    const records = this.opts.journal.recordsFor(uid);
    if (!records.length) return 0;
    const row = this.opts.db.prepare<[number], CampaignRef>('SELECT id, uid, name, status FROM campaigns WHERE id = ?').get(campaignId);
    if (!row) return 0;
    // Only this campaign's rows: other campaigns' claims in `sending` are live, not leftovers.
    const report = store.tx(() => reconcile(this.opts.db, store, resolveSends(records), [row], { restored: false, journalExisted: true, now: this.now(), sweepSending: false, pauses: false }));
    const c = report.campaigns[0];
    const n = c ? c.sent + c.uncertain : 0;
    if (n) this.opts.logger.warn({ campaignId, sent: c.sent, uncertain: c.uncertain }, 'journalled sends applied to a campaign being started');
    return n;
  }

  beforeSend(s: { campaignId: number; phone: string; messageId: string; numberId: number; variation: number | null; at: number }): Promise<void> {
    let uid: string;
    try {
      uid = this.uid(s.campaignId);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.opts.journal.intent({ campaign: uid, phone: s.phone, messageId: s.messageId, numberId: s.numberId, variation: s.variation, at: s.at });
  }

  sent(campaignId: number, messageId: string, at: number): void {
    const uid = this.uids.get(campaignId);
    if (!uid) return;
    this.opts.journal.outcome(uid, messageId, 'sent', at).catch((err: unknown) => this.opts.logger.warn({ err: (err as Error).message, campaignId }, 'send journal: outcome not written'));
  }

  notSent(campaignId: number, messageId: string, at: number): Promise<void> {
    const uid = this.uids.get(campaignId);
    if (!uid) return Promise.resolve();
    return this.opts.journal.outcome(uid, messageId, 'not_sent', at);
  }

  released(campaignId: number): void {
    let uid: string;
    try {
      uid = this.uid(campaignId);
    } catch {
      return;
    }
    const ids = this.opts.db
      .prepare<[number], { message_id: string }>(`SELECT message_id FROM deliveries WHERE campaign_id = ? AND state IN ('failed', 'uncertain') AND message_id IS NOT NULL`)
      .all(campaignId);
    const at = this.now();
    for (const { message_id } of ids) {
      this.opts.journal.outcome(uid, message_id, 'released', at).catch((err: unknown) => this.opts.logger.warn({ err: (err as Error).message, campaignId }, 'send journal: release not written'));
    }
  }

  ended(campaignId: number): void {
    const uid = this.uids.get(campaignId) ?? this.uidOf.get(campaignId)?.uid;
    if (uid) this.opts.journal.compact([uid]);
  }

  /** "Apagar todos os dados": the journal holds phone numbers too. Campaign ids may be reused after this. */
  async clear(): Promise<void> {
    this.uids.clear();
    await this.opts.journal.clear();
  }

  private uid(campaignId: number): string {
    let uid = this.uids.get(campaignId);
    if (!uid) {
      uid = this.uidOf.get(campaignId)?.uid ?? undefined;
      if (!uid) throw new JournalError(`campaign ${campaignId} has no stable id`);
      this.uids.set(campaignId, uid);
    }
    return uid;
  }
}

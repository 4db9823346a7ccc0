/**
 * Results of campaigns sent to groups (issue 19 b), per group: sent, delivered to how many
 * participants (from WhatsApp's per-participant receipts) and the messages in the group that
 * quoted our post or @-mentioned the number after it. These are results of the group delivery
 * only: never replies to the campaign (deliveries.replied_at), never opt-outs, never the
 * assistant's business; one-to-one replies come through the engine's inbound path instead.
 */
import type { Db } from '../db/open';
import type { CoreContext } from '../context';
import type { WhatsAppService } from '../channels/whatsapp/whatsapp-service';
import type { ChatMessage, GroupReceiptEvent } from '../channels/whatsapp/groups-wire';
import type { GroupCampaignResults } from '../../../shared/api/methods/groups';
import { GroupsStore } from './groups-store';

/** A mention counts for the number's latest post in that group if it came within this long. */
export const MENTION_WINDOW_MS = 3 * 24 * 3_600_000;

interface DeliveryRef {
  id: number;
  campaign_id: number;
}

/**
 * Stores one participant's receipt for a group delivery we sent. Returns the campaign whose
 * results changed, or null when the message is not one of our group deliveries.
 */
export function recordGroupReceipt(db: Db, numberId: number, r: GroupReceiptEvent): number | null {
  const d = db
    .prepare<[string, string, number], DeliveryRef>('SELECT id, campaign_id FROM deliveries WHERE message_id = ? AND group_jid = ? AND (number_id IS NULL OR number_id = ?)')
    .get(r.messageId, r.groupJid, numberId);
  if (!d) return null;
  const read = r.status === 'read' ? r.at : null;
  // A read folded with its delivery counts as both; a later read keeps the first delivery time.
  const changes = db
    .prepare(
      `INSERT INTO group_delivery_receipts (delivery_id, participant, delivered_at, read_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (delivery_id, participant) DO UPDATE SET read_at = COALESCE(group_delivery_receipts.read_at, excluded.read_at)
       WHERE group_delivery_receipts.read_at IS NULL AND excluded.read_at IS NOT NULL`,
    )
    .run(d.id, r.participant, r.at, read).changes;
  return changes > 0 ? d.campaign_id : null;
}

/**
 * Files a message someone wrote in a group as a reply to our group delivery when it quotes that
 * delivery, or when it @-mentions the number within {@link MENTION_WINDOW_MS} of its latest post
 * there. Anything else in a group (and anything in a one-to-one chat) is not ours to count.
 */
export function recordGroupMessage(db: Db, numberId: number, m: ChatMessage): number | null {
  if (!m.isGroup || m.fromMe) return null;
  let d: DeliveryRef | undefined;
  let kind: 'quote' | 'mention' | null = null;
  if (m.quotedMessageId) {
    d = db.prepare<[string, string], DeliveryRef>('SELECT id, campaign_id FROM deliveries WHERE message_id = ? AND group_jid = ?').get(m.quotedMessageId, m.chatJid);
    if (d) kind = 'quote';
  }
  if (!d && m.mentionsMe) {
    d = db
      .prepare<[string, number, number, number], DeliveryRef>(
        `SELECT id, campaign_id FROM deliveries
         WHERE group_jid = ? AND number_id = ? AND state IN ('sent', 'delivered', 'read', 'uncertain')
           AND COALESCE(sent_at, last_attempt_at) BETWEEN ? AND ?
         ORDER BY COALESCE(sent_at, last_attempt_at) DESC, id DESC LIMIT 1`,
      )
      .get(m.chatJid, numberId, m.at - MENTION_WINDOW_MS, m.at);
    if (d) kind = 'mention';
  }
  if (!d || !kind) return null;
  const changes = db
    .prepare('INSERT INTO group_delivery_replies (delivery_id, message_id, kind, at) VALUES (?, ?, ?, ?) ON CONFLICT (delivery_id, message_id) DO NOTHING')
    .run(d.id, m.messageId, kind, m.at).changes;
  return changes > 0 ? d.campaign_id : null;
}

interface ResultRow {
  id: number;
  group_jid: string;
  state: string;
  sent_at: number | null;
  error_reason: string | null;
  delivered_to: number;
  read_by: number;
  quotes: number;
  mentions: number;
  size: number | null;
}

/** One row per group of a campaign, in the order the groups were queued. */
export function listGroupResults(db: Db, campaignId: number): GroupCampaignResults {
  const rows = db
    .prepare<[number], ResultRow>(
      `SELECT d.id, d.group_jid, d.state, d.sent_at, d.error_reason,
         (SELECT COUNT(*) FROM group_delivery_receipts r WHERE r.delivery_id = d.id) AS delivered_to,
         (SELECT COUNT(*) FROM group_delivery_receipts r WHERE r.delivery_id = d.id AND r.read_at IS NOT NULL) AS read_by,
         (SELECT COUNT(*) FROM group_delivery_replies q WHERE q.delivery_id = d.id AND q.kind = 'quote') AS quotes,
         (SELECT COUNT(*) FROM group_delivery_replies q WHERE q.delivery_id = d.id AND q.kind = 'mention') AS mentions,
         (SELECT g.size FROM wa_groups g WHERE g.jid = d.group_jid AND g.number_id = COALESCE(d.number_id, g.number_id) ORDER BY g.left_at IS NULL DESC LIMIT 1) AS size
       FROM deliveries d WHERE d.campaign_id = ? AND d.group_jid IS NOT NULL ORDER BY d.id`,
    )
    .all(campaignId);
  const names = new GroupsStore(db).subjects(rows.map((r) => r.group_jid));
  return {
    campaignId,
    groups: rows.map((r) => {
      return {
        jid: r.group_jid,
        subject: names.get(r.group_jid) ?? null,
        participants: r.size,
        state: r.state as GroupCampaignResults['groups'][number]['state'],
        sentAt: r.sent_at,
        reason: r.error_reason,
        // No receipt yet is not "nobody": WhatsApp may simply not have reported any.
        deliveredTo: r.delivered_to > 0 ? r.delivered_to : null,
        readBy: r.read_by > 0 ? r.read_by : null,
        quotes: r.quotes,
        mentions: r.mentions,
      };
    }),
  };
}

/**
 * Listens to the WhatsApp numbers for group receipts and group messages, stores what belongs to
 * our group deliveries and tells open result views (`groups.resultsChanged`, at most about once a
 * second per campaign: a big group sends a burst of receipts).
 */
export class GroupResultsRecorder {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private unsubscribe: (() => void) | null = null;
  private closed = false;

  constructor(
    private readonly ctx: CoreContext,
    private readonly wa: WhatsAppService,
    private readonly coalesceMs = 1_000,
  ) {}

  start(): void {
    this.unsubscribe = this.wa.subscribe((e) => {
      if (this.closed || !this.ctx.db.open) return;
      if (e.type !== 'groupReceipt' && e.type !== 'chatMessage') return;
      try {
        const campaignId = e.type === 'groupReceipt' ? recordGroupReceipt(this.ctx.db, e.numberId, e.receipt) : recordGroupMessage(this.ctx.db, e.numberId, e.message);
        if (campaignId !== null) this.changed(campaignId);
      } catch (err) {
        this.ctx.logger.warn({ err, numberId: e.numberId }, 'could not record a group result');
      }
    });
  }

  close(): void {
    this.closed = true;
    this.unsubscribe?.();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private changed(campaignId: number): void {
    if (this.timers.has(campaignId)) return;
    const t = setTimeout(() => {
      this.timers.delete(campaignId);
      if (!this.closed) this.ctx.events.emit('groups.resultsChanged', { campaignId });
    }, this.coalesceMs);
    t.unref?.();
    this.timers.set(campaignId, t);
  }
}

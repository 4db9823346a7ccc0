/**
 * Conversations as stored (migration 0017): one thread per person who wrote to us, the replies
 * we sent outside campaigns, and the inbox's lists and counts. Plain SQLite; the send path
 * (./reply-sender.ts) and the assistant (./assistant/) build on it.
 */
import type { Db } from '../db/open';
import type { InboundEvent } from '../channels/types';
import type { InboundOutcome } from '../inbound/inbound';
import { phoneKeyOf } from '../inbound/inbound';
import { ApiError } from '../../../shared/api/errors';
import type { AttachmentRef } from '../../../shared/campaigns/schema';
import type { ConversationCounts, ConversationFilter, ConversationRow, HandoffReason } from '../../../shared/api/methods/conversations';
import { handoffReasons } from '../../../shared/api/methods/conversations';

export const PREVIEW_CHARS = 200;

export interface ConversationRecord {
  id: number;
  key: string;
  phone_key: string | null;
  jid: string;
  number_id: number | null;
  campaign_id: number | null;
  last_at: number;
  last_inbound_at: number | null;
  unread: number;
  status: 'open' | 'done';
  needs_human: number;
  needs_human_reason: string | null;
  auto_replies: number;
  assistant_paused: number;
  suggestion: string | null;
  suggestion_for: number | null;
}

export interface ReplyRecord {
  id: number;
  conversation_id: number;
  number_id: number | null;
  client_key: string | null;
  message_id: string;
  origin: 'manual' | 'auto';
  ai_draft: number;
  text: string;
  attachment: string | null;
  jid: string;
  state: 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'uncertain';
  error_code: string | null;
  error_reason: string | null;
  created_at: number;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  failed_at: number | null;
}

interface ListRow {
  id: number;
  phone_key: string | null;
  number_id: number | null;
  campaign_id: number | null;
  last_at: number;
  last_preview: string;
  last_direction: 'in' | 'out';
  unread: number;
  status: 'open' | 'done';
  needs_human: number;
  needs_human_reason: string | null;
  contact_id: number | null;
  name: string | null;
  contact_status: string | null;
  number_label: string | null;
  number_kind: string | null;
  campaign_name: string | null;
}

const LIST_SELECT = `
  SELECT v.id, v.phone_key, v.number_id, v.campaign_id, v.last_at, v.last_preview, v.last_direction, v.unread, v.status,
         v.needs_human, v.needs_human_reason, c.id AS contact_id, c.name, c.status AS contact_status,
         n.label AS number_label, n.kind AS number_kind, cp.name AS campaign_name
  FROM conversations v
  LEFT JOIN contacts c ON c.phone_key = v.phone_key
  LEFT JOIN numbers n ON n.id = v.number_id
  LEFT JOIN campaigns cp ON cp.id = v.campaign_id`;

export function notFound(id: number): ApiError {
  return new ApiError('conversations.not_found', 'Esta conversa não existe mais. Atualize a lista de conversas.', undefined, { id });
}

export function previewOf(text: string, attachment?: AttachmentRef | null): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (t) return t.slice(0, PREVIEW_CHARS);
  return attachment ? `📎 ${attachment.fileName}`.slice(0, PREVIEW_CHARS) : '';
}

function isHandoffReason(v: string | null): v is HandoffReason {
  return v !== null && (handoffReasons as readonly string[]).includes(v);
}

export class ConversationStore {
  private readonly stmts;

  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {
    this.stmts = {
      get: db.prepare<[number], ConversationRecord>('SELECT * FROM conversations WHERE id = ?'),
      upsert: db.prepare<[string, string | null, string, number | null, number | null, number, number, string, number, number], { id: number }>(
        `INSERT INTO conversations (key, phone_key, jid, number_id, campaign_id, last_at, last_inbound_at, last_preview, last_direction, unread, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'in', 1, 'open', ?, ?)
         ON CONFLICT (key) DO UPDATE SET
           jid = excluded.jid,
           phone_key = coalesce(excluded.phone_key, phone_key),
           number_id = coalesce(excluded.number_id, number_id),
           campaign_id = coalesce(excluded.campaign_id, campaign_id),
           last_preview = CASE WHEN excluded.last_at >= last_at THEN excluded.last_preview ELSE last_preview END,
           last_direction = CASE WHEN excluded.last_at >= last_at THEN 'in' ELSE last_direction END,
           last_at = max(last_at, excluded.last_at),
           last_inbound_at = max(coalesce(last_inbound_at, 0), excluded.last_inbound_at),
           unread = unread + 1,
           status = 'open',
           updated_at = excluded.updated_at
         RETURNING id`,
      ),
      linkInbound: db.prepare('UPDATE inbound_messages SET conversation_id = ? WHERE id = ?'),
      reply: db.prepare<[number], ReplyRecord>('SELECT * FROM conversation_messages WHERE id = ?'),
      replyByKey: db.prepare<[string], ReplyRecord>('SELECT * FROM conversation_messages WHERE client_key = ?'),
      replyByMessage: db.prepare<[string], ReplyRecord>('SELECT * FROM conversation_messages WHERE message_id = ?'),
    };
  }

  tx<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  find(id: number): ConversationRecord | undefined {
    return this.stmts.get.get(id);
  }

  get(id: number): ConversationRecord {
    const row = this.find(id);
    if (!row) throw notFound(id);
    return row;
  }

  /**
   * Files an inbound message (already stored by the InboundProcessor) in its sender's thread:
   * creates the thread on the first message, counts it unread and reopens a thread marked done.
   */
  recordInbound(numberId: number | null, ev: InboundEvent, out: InboundOutcome): number {
    const phone = phoneKeyOf(ev.from);
    const key = phone ?? `jid:${ev.jid}`;
    const at = ev.at || this.now();
    const t = this.now();
    return this.tx(() => {
      const { id } = this.stmts.upsert.get(key, phone, ev.jid, numberId, out.campaignId, at, at, previewOf(ev.text), t, t)!;
      this.stmts.linkInbound.run(id, out.inboundId);
      return id;
    });
  }

  /** Inbox rows, newest first. */
  list(input: { filter?: ConversationFilter; search?: string; numberId?: number; campaignId?: number; tagId?: number; offset?: number; limit?: number }): { total: number; rows: ConversationRow[] } {
    const where: string[] = [];
    const args: Array<string | number> = [];
    switch (input.filter ?? 'open') {
      case 'open':
        where.push(`v.status = 'open'`);
        break;
      case 'unread':
        where.push('v.unread > 0');
        break;
      case 'needs_human':
        where.push('v.needs_human = 1');
        break;
      case 'done':
        where.push(`v.status = 'done'`);
        break;
      case 'all':
        break;
    }
    if (input.numberId !== undefined) {
      where.push('v.number_id = ?');
      args.push(input.numberId);
    }
    if (input.campaignId !== undefined) {
      where.push('v.campaign_id = ?');
      args.push(input.campaignId);
    }
    if (input.tagId !== undefined) {
      where.push('EXISTS (SELECT 1 FROM contact_tags ct WHERE ct.contact_id = c.id AND ct.tag_id = ?)');
      args.push(input.tagId);
    }
    const search = input.search?.trim();
    if (search) {
      const digits = search.replace(/\D/g, '');
      const like = `%${search.replace(/[%_\\]/g, (m) => `\\${m}`)}%`;
      where.push(`(c.name LIKE ? ESCAPE '\\' OR v.last_preview LIKE ? ESCAPE '\\'${digits.length >= 2 ? ' OR v.phone_key LIKE ?' : ''})`);
      args.push(like, like);
      if (digits.length >= 2) args.push(`%${digits}%`);
    }
    const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const total = this.db
      .prepare<Array<string | number>, { n: number }>(`SELECT count(*) AS n FROM conversations v LEFT JOIN contacts c ON c.phone_key = v.phone_key ${filter}`)
      .get(...args)!.n;
    const rows = this.db.prepare<Array<string | number>, ListRow>(`${LIST_SELECT} ${filter} ORDER BY v.last_at DESC, v.id DESC LIMIT ? OFFSET ?`).all(...args, input.limit ?? 50, input.offset ?? 0);
    return { total, rows: this.toRows(rows) };
  }

  row(id: number): ConversationRow {
    const r = this.db.prepare<[number], ListRow>(`${LIST_SELECT} WHERE v.id = ?`).get(id);
    if (!r) throw notFound(id);
    return this.toRows([r])[0];
  }

  private toRows(rows: ListRow[]): ConversationRow[] {
    const contactIds = rows.map((r) => r.contact_id).filter((x): x is number => x !== null);
    const tags = new Map<number, Array<{ id: number; name: string }>>();
    if (contactIds.length) {
      const found = this.db
        .prepare<[string], { contact_id: number; id: number; name: string }>(
          'SELECT ct.contact_id, t.id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id IN (SELECT value FROM json_each(?)) ORDER BY t.name',
        )
        .all(JSON.stringify(contactIds));
      for (const f of found) {
        let list = tags.get(f.contact_id);
        if (!list) tags.set(f.contact_id, (list = []));
        list.push({ id: f.id, name: f.name });
      }
    }
    return rows.map((r) => ({
      id: r.id,
      contactId: r.contact_id,
      name: r.name,
      phone: r.phone_key,
      isNew: r.contact_id === null,
      optedOut: r.contact_status === 'opted_out',
      numberId: r.number_id,
      numberLabel: r.number_label,
      simulated: r.number_kind === 'simulator',
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
      lastAt: r.last_at,
      lastPreview: r.last_preview,
      lastDirection: r.last_direction,
      unread: r.unread,
      status: r.status,
      needsHuman: r.needs_human === 1,
      handoffReason: isHandoffReason(r.needs_human_reason) ? r.needs_human_reason : null,
      tags: r.contact_id !== null ? (tags.get(r.contact_id) ?? []) : [],
    }));
  }

  counts(): ConversationCounts {
    const r = this.db
      .prepare<[], { unread: number | null; needs: number | null; open: number | null }>(
        `SELECT sum(unread > 0) AS unread, sum(needs_human = 1) AS needs, sum(status = 'open') AS open FROM conversations`,
      )
      .get()!;
    return { unread: r.unread ?? 0, needsHuman: r.needs ?? 0, open: r.open ?? 0 };
  }

  markRead(id: number): void {
    this.get(id);
    this.db.prepare('UPDATE conversations SET unread = 0 WHERE id = ? AND unread <> 0').run(id);
  }

  setDone(id: number, done: boolean): void {
    this.get(id);
    // Concluding also settles "precisa de você": whoever concluded it dealt with it.
    if (done) this.db.prepare(`UPDATE conversations SET status = 'done', unread = 0, needs_human = 0, updated_at = ? WHERE id = ?`).run(this.now(), id);
    else this.db.prepare(`UPDATE conversations SET status = 'open', updated_at = ? WHERE id = ?`).run(this.now(), id);
  }

  /** The assistant hands the thread to a person: "precisa de você", and it stops answering this contact. */
  raiseHandoff(id: number, reason: HandoffReason): boolean {
    const r = this.db
      .prepare(`UPDATE conversations SET needs_human = 1, needs_human_reason = ?, needs_human_at = ?, assistant_paused = 1, status = 'open', updated_at = ? WHERE id = ? AND needs_human = 0`)
      .run(reason, this.now(), this.now(), id);
    if (r.changes === 0) this.db.prepare('UPDATE conversations SET assistant_paused = 1 WHERE id = ?').run(id);
    return r.changes > 0;
  }

  /** A person took over (or handed the thread back to the assistant). */
  settleHandoff(id: number, needsHuman: boolean, resumeAssistant: boolean): void {
    this.get(id);
    this.db
      .prepare(
        `UPDATE conversations SET needs_human = ?, needs_human_reason = CASE WHEN ? THEN needs_human_reason ELSE NULL END,
           assistant_paused = CASE WHEN ? THEN 0 ELSE assistant_paused END, auto_replies = CASE WHEN ? THEN 0 ELSE auto_replies END, updated_at = ? WHERE id = ?`,
      )
      .run(needsHuman ? 1 : 0, needsHuman ? 1 : 0, resumeAssistant ? 1 : 0, resumeAssistant ? 1 : 0, this.now(), id);
  }

  setSuggestion(id: number, text: string | null, forInbound: number | null): void {
    this.db.prepare('UPDATE conversations SET suggestion = ?, suggestion_for = ? WHERE id = ?').run(text, forInbound, id);
  }

  countAutoReply(id: number): void {
    this.db.prepare('UPDATE conversations SET auto_replies = auto_replies + 1 WHERE id = ?').run(id);
  }

  // ------------------------------------------------------------------ replies we send

  replyByClientKey(clientKey: string): ReplyRecord | undefined {
    return this.stmts.replyByKey.get(clientKey);
  }

  replyByMessageId(messageId: string): ReplyRecord | undefined {
    return this.stmts.replyByMessage.get(messageId);
  }

  reply(id: number): ReplyRecord | undefined {
    return this.stmts.reply.get(id);
  }

  /** Stores a reply as `sending` with its pre-generated message id, before the channel sees it. */
  insertSending(r: { conversationId: number; numberId: number; clientKey: string | null; messageId: string; origin: 'manual' | 'auto'; aiDraft: boolean; text: string; attachment: AttachmentRef | null; jid: string; at: number }): ReplyRecord {
    const id = Number(
      this.db
        .prepare(
          `INSERT INTO conversation_messages (conversation_id, number_id, client_key, message_id, origin, ai_draft, text, attachment, jid, state, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'sending', ?, ?)`,
        )
        .run(r.conversationId, r.numberId, r.clientKey, r.messageId, r.origin, r.aiDraft ? 1 : 0, r.text, r.attachment ? JSON.stringify(r.attachment) : null, r.jid, r.at, r.at).lastInsertRowid,
    );
    this.db
      .prepare(
        `UPDATE conversations SET last_at = max(last_at, @at), last_preview = @preview, last_direction = 'out', updated_at = @at,
           needs_human = CASE WHEN @origin = 'manual' THEN 0 ELSE needs_human END, suggestion = CASE WHEN @origin = 'manual' THEN NULL ELSE suggestion END
         WHERE id = @id`,
      )
      .run({ id: r.conversationId, at: r.at, preview: previewOf(r.text, r.attachment), origin: r.origin });
    return this.stmts.reply.get(id)!;
  }

  markSent(id: number, sentAt: number): void {
    this.db.prepare(`UPDATE conversation_messages SET state = 'sent', sent_at = ?, updated_at = ? WHERE id = ? AND state IN ('sending', 'uncertain')`).run(sentAt, this.now(), id);
  }

  markFailed(id: number, code: string, reason: string): void {
    this.db.prepare(`UPDATE conversation_messages SET state = 'failed', error_code = ?, error_reason = ?, failed_at = ?, updated_at = ? WHERE id = ? AND state IN ('sending', 'uncertain')`).run(code, reason, this.now(), this.now(), id);
  }

  markUncertain(id: number, code: string, reason: string): void {
    this.db.prepare(`UPDATE conversation_messages SET state = 'uncertain', error_code = ?, error_reason = ?, updated_at = ? WHERE id = ? AND state = 'sending'`).run(code, reason, this.now(), id);
  }

  /** Delivery progress of one of our replies, forward only; returns its thread when it changed. */
  receipt(messageId: string, status: 'delivered' | 'read' | 'error', at: number, code?: string, reason?: string): number | null {
    const row = this.stmts.replyByMessage.get(messageId);
    if (!row) return null;
    let changes = 0;
    if (status === 'delivered') {
      changes = this.db.prepare(`UPDATE conversation_messages SET state = 'delivered', delivered_at = coalesce(delivered_at, ?), updated_at = ? WHERE id = ? AND state IN ('sending', 'sent', 'uncertain')`).run(at, this.now(), row.id).changes;
    } else if (status === 'read') {
      changes = this.db
        .prepare(`UPDATE conversation_messages SET state = 'read', delivered_at = coalesce(delivered_at, @at), read_at = coalesce(read_at, @at), updated_at = @now WHERE id = @id AND state IN ('sending', 'sent', 'delivered', 'uncertain')`)
        .run({ at, now: this.now(), id: row.id }).changes;
    } else {
      changes = this.db
        .prepare(`UPDATE conversation_messages SET state = 'failed', error_code = ?, error_reason = ?, failed_at = ?, updated_at = ? WHERE id = ? AND state IN ('sending', 'sent', 'uncertain')`)
        .run(code ?? 'ERROR', reason ?? `O WhatsApp recusou a mensagem${code ? ` (código ${code})` : ''}.`, at, this.now(), row.id).changes;
    }
    return changes > 0 ? row.conversation_id : null;
  }

  /** Replies left in `sending` by a crash. */
  sending(): ReplyRecord[] {
    return this.db.prepare<[], ReplyRecord>(`SELECT * FROM conversation_messages WHERE state = 'sending'`).all();
  }
}

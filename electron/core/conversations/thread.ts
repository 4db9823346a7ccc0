/**
 * One contact's thread: what they wrote, the campaign messages they got (campaign, variation,
 * receipts) and the replies we sent by hand or through the assistant, oldest first.
 */
import type { Db } from '../db/open';
import type { ThreadItem } from '../../../shared/api/methods/conversations';
import { attachmentRefSchema, type AttachmentRef } from '../../../shared/campaigns/schema';
import { viewStateSql } from '../campaigns/deliveries/states';
import type { DeliveryStateName } from '../../../shared/api/methods/campaign-run';

/** The latest this many items of each kind are shown. */
export const THREAD_LIMIT = 300;

interface InboundRow {
  id: number;
  at: number;
  text: string;
  opt_out: number;
  number_label: string | null;
  deal: number | null;
  deal_value: number | null;
}

interface DeliveryRow {
  id: number;
  at: number;
  text: string | null;
  campaign_id: number;
  campaign_name: string;
  variation: number | null;
  state: DeliveryStateName;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  number_label: string | null;
}

interface ReplyRow {
  id: number;
  at: number;
  text: string;
  origin: 'manual' | 'auto';
  ai_draft: number;
  attachment: string | null;
  template_name: string | null;
  state: 'sending' | 'sent' | 'delivered' | 'read' | 'failed' | 'uncertain';
  error_reason: string | null;
  sent_at: number | null;
  delivered_at: number | null;
  read_at: number | null;
  number_label: string | null;
}

function parseAttachment(json: string | null): AttachmentRef | null {
  if (!json) return null;
  try {
    const r = attachmentRefSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}

export function readThread(db: Db, conversationId: number, contactId: number | null): { items: ThreadItem[]; truncated: boolean } {
  const inbound = db
    .prepare<[number, number], InboundRow>(
      `SELECT i.id, i.at, i.text, i.opt_out, n.label AS number_label,
              (SELECT sum(delta) FROM deals WHERE inbound_id = i.id) AS deal,
              (SELECT value_cents FROM deals WHERE inbound_id = i.id AND delta = 1 ORDER BY id DESC LIMIT 1) AS deal_value
       FROM inbound_messages i LEFT JOIN numbers n ON n.id = i.number_id
       WHERE i.conversation_id = ? ORDER BY i.at DESC, i.id DESC LIMIT ?`,
    )
    .all(conversationId, THREAD_LIMIT);
  const campaign =
    contactId === null
      ? []
      : db
          .prepare<[number, number], DeliveryRow>(
            `SELECT d.id, coalesce(d.sent_at, d.last_attempt_at) AS at, d.text, d.campaign_id, cp.name AS campaign_name, d.variation,
                    ${viewStateSql('d')} AS state, d.sent_at, d.delivered_at, d.read_at, n.label AS number_label
             FROM deliveries d JOIN campaigns cp ON cp.id = d.campaign_id LEFT JOIN numbers n ON n.id = d.number_id
             WHERE d.contact_id = ? AND d.last_attempt_at IS NOT NULL AND d.text IS NOT NULL
             ORDER BY d.last_attempt_at DESC LIMIT ?`,
          )
          .all(contactId, THREAD_LIMIT);
  const replies = db
    .prepare<[number, number], ReplyRow>(
      `SELECT m.id, coalesce(m.sent_at, m.created_at) AS at, m.text, m.origin, m.ai_draft, m.attachment, m.state, m.error_reason,
              m.sent_at, m.delivered_at, m.read_at, n.label AS number_label, cm.template_name
       FROM conversation_messages m LEFT JOIN numbers n ON n.id = m.number_id
       LEFT JOIN cloud_messages cm ON cm.message_id = m.message_id AND cm.kind = 'template'
       WHERE m.conversation_id = ? ORDER BY m.created_at DESC, m.id DESC LIMIT ?`,
    )
    .all(conversationId, THREAD_LIMIT);

  const items: ThreadItem[] = [
    ...inbound.map(
      (r): ThreadItem => ({
        kind: 'inbound',
        key: `i${r.id}`,
        id: r.id,
        at: r.at,
        text: r.text,
        optOut: r.opt_out === 1,
        numberLabel: r.number_label,
        deal: (r.deal ?? 0) > 0 ? { valueCents: r.deal_value } : null,
      }),
    ),
    ...campaign.map(
      (r): ThreadItem => ({
        kind: 'campaign',
        key: `d${r.id}`,
        id: r.id,
        at: r.at,
        text: r.text ?? '',
        campaignId: r.campaign_id,
        campaignName: r.campaign_name,
        // Numbered as the wizard and the deliveries table name it ("Variação 1").
        variation: r.variation === null ? null : String(r.variation + 1),
        state: r.state,
        sentAt: r.sent_at,
        deliveredAt: r.delivered_at,
        readAt: r.read_at,
        numberLabel: r.number_label,
      }),
    ),
    ...replies.map(
      (r): ThreadItem => ({
        kind: 'reply',
        key: `r${r.id}`,
        id: r.id,
        at: r.at,
        text: r.text,
        origin: r.origin,
        aiDraft: r.ai_draft === 1,
        attachment: parseAttachment(r.attachment),
        template: r.template_name,
        state: r.state,
        error: r.state === 'failed' || r.state === 'uncertain' ? r.error_reason : null,
        sentAt: r.sent_at,
        deliveredAt: r.delivered_at,
        readAt: r.read_at,
        numberLabel: r.number_label,
      }),
    ),
  ];
  items.sort((a, b) => a.at - b.at || a.key.localeCompare(b.key));
  const truncated = inbound.length === THREAD_LIMIT || campaign.length === THREAD_LIMIT || replies.length === THREAD_LIMIT;
  return { items: items.slice(-THREAD_LIMIT), truncated: truncated || items.length > THREAD_LIMIT };
}

/** pt-BR: why nothing may be sent to this contact, or null. */
export function blockedReason(db: Db, phoneKey: string | null, timeZone: string): string | null {
  if (!phoneKey) return null;
  const c = db
    .prepare<[string], { status: string; opted_out_at: number | null; keyword: string | null; source: string | null }>(
      `SELECT c.status, c.opted_out_at, e.keyword, e.source FROM contacts c
       LEFT JOIN opt_out_events e ON e.id = (SELECT max(id) FROM opt_out_events WHERE contact_id = c.id)
       WHERE c.phone_key = ?`,
    )
    .get(phoneKey);
  if (!c || c.status !== 'opted_out') return null;
  const when = c.opted_out_at ? ` em ${new Intl.DateTimeFormat('pt-BR', { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(c.opted_out_at))}` : '';
  const how = c.source === 'reply' && c.keyword ? `respondeu "${c.keyword}"${when}` : c.source === 'manual' ? `foi descadastrado à mão${when}` : `saiu da lista${when}`;
  return `Este contato pediu para não receber mais mensagens (${how}). O Recado não envia nada para quem saiu da lista, nem respostas.`;
}

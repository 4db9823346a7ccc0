/** The delivery row a worker claims for its next send: its columns and the claimed view of it. */
import type { DeliveryRow } from '../deliveries/delivery-store';

export interface SendRow {
  id: number;
  attempts: number;
  last_attempt_at: number | null;
  contact_id: number | null;
  status: string | null;
  phone_key: string | null;
  name: string | null;
  first_name: string | null;
  fields: string | null;
  wa_candidates: string | null;
  /** A delivery to a WhatsApp group (no contact). */
  group_jid: string | null;
}

/** The nextSendRow columns, in SELECT order. */
export function sendRowOf(r: unknown[] | undefined): SendRow | undefined {
  if (!r) return undefined;
  return {
    id: r[0] as number,
    attempts: r[1] as number,
    last_attempt_at: r[2] as number | null,
    contact_id: r[3] as number | null,
    status: r[4] as string | null,
    phone_key: r[5] as string | null,
    name: r[6] as string | null,
    first_name: r[7] as string | null,
    fields: r[8] as string | null,
    wa_candidates: r[9] as string | null,
    group_jid: r[10] as string | null,
  };
}

/**
 * The delivery as the claim just wrote it. Only what deliver() and the failure paths read is
 * meaningful: the receipt timestamps are null on a row in `sending`; next_attempt_at and
 * created_at are not read (store transitions re-read the row when they need more).
 */
export function claimedRow(campaignId: number, d: SendRow, c: { messageId: string; text: string; variation: number; numberId: number; at: number }): DeliveryRow {
  return {
    id: d.id,
    campaign_id: campaignId,
    contact_id: d.contact_id,
    state: 'sending',
    attempts: d.attempts + 1,
    next_attempt_at: 0,
    message_id: c.messageId,
    text: c.text,
    jid: null,
    variation: c.variation,
    number_id: c.numberId,
    error_code: null,
    error_reason: null,
    last_attempt_at: c.at,
    sent_at: null,
    delivered_at: null,
    read_at: null,
    replied_at: null,
    failed_at: null,
    created_at: 0,
    updated_at: c.at,
  };
}

/**
 * Inbound messages: store every one, attribute it to the delivery that prompted it (quoted
 * message first, else the latest delivery to that contact), mark the reply, and honour opt-out
 * keywords at once: the contact becomes opted_out and its queued deliveries in every campaign
 * are skipped, all in one transaction.
 */
import type { Db } from '../db/open';
import type { InboundEvent } from '../channels/types';
import type { DeliveryStore } from '../campaigns/deliveries/delivery-store';
import { ENGINE_CODES } from '../campaigns/deliveries/states';
import { normalizePhone } from '../../../shared/phone';
import { matchOptOut } from './opt-out-keywords';

export interface InboundOutcome {
  inboundId: number;
  contactId: number | null;
  deliveryId: number | null;
  campaignId: number | null;
  /** The keyword matched, when the message was an opt-out. */
  optOutKeyword: string | null;
  /** True when this message opted the contact out (it was not opted out before). */
  newlyOptedOut: boolean;
  /** Campaigns whose queued deliveries were skipped because of the opt-out. */
  skippedCampaigns: number[];
}

export const OPT_OUT_SKIP_REASON = 'O contato pediu para não receber mais mensagens.';

/** The contact key (canonical E.164) for an inbound sender, or null when unknown (LID-only). */
export function phoneKeyOf(from: string): string | null {
  if (!from) return null;
  const r = normalizePhone(from);
  return r.ok ? r.key : null;
}

export class InboundProcessor {
  constructor(
    private readonly db: Db,
    private readonly store: DeliveryStore,
    private readonly keywords: () => readonly string[],
    private readonly now: () => number = Date.now,
  ) {}

  handle(numberId: number | null, ev: InboundEvent): InboundOutcome {
    return this.store.tx(() => {
      const key = phoneKeyOf(ev.from);
      let contact = key ? this.db.prepare<[string], { id: number; status: string }>('SELECT id, status FROM contacts WHERE phone_key = ?').get(key) : undefined;

      let delivery = ev.quotedMessageId ? this.store.getByMessageId(ev.quotedMessageId) : undefined;
      if (delivery && contact && delivery.contact_id !== contact.id) delivery = undefined;
      if (!delivery && contact) {
        const found = this.db
          .prepare<[number, number], { id: number }>(
            `SELECT id FROM deliveries
             WHERE contact_id = ? AND state IN ('sending', 'sent', 'delivered', 'read', 'uncertain')
             ORDER BY (number_id IS ?) DESC, last_attempt_at DESC LIMIT 1`,
          )
          .get(contact.id, numberId ?? -1);
        if (found) delivery = this.store.get(found.id);
      }

      const keyword = matchOptOut(ev.text, this.keywords());
      const at = ev.at || this.now();
      const inboundId = Number(
        this.db
          .prepare(
            `INSERT INTO inbound_messages (number_id, contact_id, delivery_id, campaign_id, from_e164, jid, text, opt_out, at, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(numberId, contact?.id ?? null, delivery?.id ?? null, delivery?.campaign_id ?? null, key ?? (ev.from || null), ev.jid, ev.text, keyword ? 1 : 0, at, this.now()).lastInsertRowid,
      );
      if (delivery) this.store.markReplied(delivery.id, at);

      let newlyOptedOut = false;
      let skippedCampaigns: number[] = [];
      if (keyword && key) {
        const t = this.now();
        if (!contact) {
          // Someone we have no record of: keep them on the list so a later import cannot message them.
          const id = Number(
            this.db
              .prepare(`INSERT INTO contacts (phone_key, status, opted_out_at, consent_source, created_at, updated_at) VALUES (?, 'opted_out', ?, 'opt_out_reply', ?, ?)`)
              .run(key, t, t, t).lastInsertRowid,
          );
          contact = { id, status: 'opted_out' };
          newlyOptedOut = true;
        } else if (contact.status !== 'opted_out') {
          this.db.prepare(`UPDATE contacts SET status = 'opted_out', opted_out_at = ?, updated_at = ? WHERE id = ?`).run(t, t, contact.id);
          newlyOptedOut = true;
        }
        if (newlyOptedOut) {
          this.db
            .prepare(`INSERT INTO opt_out_events (contact_id, phone_key, source, keyword, campaign_id, number_id, at) VALUES (?, ?, 'reply', ?, ?, ?, ?)`)
            .run(contact.id, key, keyword, delivery?.campaign_id ?? null, numberId, at);
        }
        skippedCampaigns = this.store.skipQueuedForContact(contact.id, { code: ENGINE_CODES.optedOut, reason: OPT_OUT_SKIP_REASON });
      }
      return {
        inboundId,
        contactId: contact?.id ?? null,
        deliveryId: delivery?.id ?? null,
        campaignId: delivery?.campaign_id ?? null,
        optOutKeyword: keyword,
        newlyOptedOut,
        skippedCampaigns,
      };
    });
  }
}

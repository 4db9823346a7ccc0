/** Test helpers: a store with two campaigns whose deliveries are moved through the real delivery store. */
import { DeliveryStore } from '../campaigns/deliveries/delivery-store';
import { DayKeyer } from '../campaigns/deliveries/day-key';
import { fastDraft, insertCampaign, insertNumber, memoryDb, seedContacts } from '../campaigns/engine/testing/fixtures';
import type { Db } from '../db/open';
import type { CampaignDraft } from '../../../shared/campaigns/schema';

export const TZ = 'America/Sao_Paulo';

export interface Seeded {
  db: Db;
  store: DeliveryStore;
  numbers: number[];
  listId: number;
  contactIds: number[];
  campaign(draft?: Partial<CampaignDraft>): number;
  /** Queued → sent (→ delivered → read) at the given instants; returns the delivery id. */
  send(campaignId: number, contactId: number, o: { at: number; variation?: number; number?: number; text?: string; delivered?: number; read?: number; replied?: number }): number;
  fail(campaignId: number, contactId: number, at: number, number?: number): number;
  inbound(o: { deliveryId?: number | null; contactId?: number | null; campaignId?: number | null; numberId?: number | null; text: string; at: number; optOut?: boolean; from?: string }): number;
}

export function seed(opts: { contacts?: number; numbers?: Array<{ kind?: 'simulator' | 'whatsapp'; label?: string }> } = {}): Seeded {
  const db = memoryDb();
  const store = new DeliveryStore(db, new DayKeyer(TZ));
  const { listId, contactIds } = seedContacts(db, { count: opts.contacts ?? 10 });
  const numbers = (opts.numbers ?? [{}]).map((n) => insertNumber(db, n));
  let seq = 0;
  const send: Seeded['send'] = (campaignId, contactId, o) => {
    const row = store.insert(campaignId, contactId);
    const messageId = `M${seq++}`;
    store.claim(row.id, { messageId, text: o.text ?? `Olá ${contactId}`, variation: o.variation ?? 0, numberId: o.number ?? numbers[0], at: o.at });
    store.markSent(row.id, { jid: `${contactId}@s.whatsapp.net`, sentAt: o.at });
    if (o.delivered !== undefined) store.receipt(messageId, 'delivered', o.delivered);
    if (o.read !== undefined) store.receipt(messageId, 'read', o.read);
    if (o.replied !== undefined) store.markReplied(row.id, o.replied);
    return row.id;
  };
  return {
    db,
    store,
    numbers,
    listId,
    contactIds,
    campaign: (draft = {}) => insertCampaign(db, { ...fastDraft({ listIds: [listId], numberIds: numbers }), ...draft }),
    send,
    fail(campaignId, contactId, at, number) {
      const row = store.insert(campaignId, contactId);
      store.claim(row.id, { messageId: `M${seq++}`, text: 'x', variation: 0, numberId: number ?? numbers[0], at });
      store.fail(row.id, { code: 'SEND_FAILED', reason: 'O WhatsApp recusou a mensagem.', at });
      return row.id;
    },
    inbound(o) {
      return Number(
        db
          .prepare(
            `INSERT INTO inbound_messages (number_id, contact_id, delivery_id, campaign_id, from_e164, jid, text, opt_out, at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(o.numberId ?? numbers[0], o.contactId ?? null, o.deliveryId ?? null, o.campaignId ?? null, o.from ?? null, 'x@s.whatsapp.net', o.text, o.optOut ? 1 : 0, o.at, o.at).lastInsertRowid,
      );
    },
  };
}

/**
 * The JSON each event carries, read from the rows the event is about when it is fanned out (so
 * the payload is what was true then, and a retry sends the same bytes). Phones and texts only
 * when the webhook includes contact data; everything else (ids, names of campaigns and numbers,
 * states, values) always.
 */
import type { Db } from '../db/open';
import type { WebhookEvent } from '../../../shared/api/methods/webhooks';
import { funnelOf } from '../../../shared/results/rates';

export interface OutboxRow {
  id: number;
  event: WebhookEvent;
  ref_id: number;
  state: string | null;
  at: number;
}

type Data = Record<string, unknown>;
const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

function contact(includeContact: boolean, id: number | null, name: string | null, phone: string | null): Data | null {
  if (id === null && !phone) return null;
  return { id, name: includeContact ? name : null, ...(includeContact ? { phone } : {}) };
}

/** The event's data, or null when what it was about is gone (a deleted contact's reply). */
export function buildEventData(db: Db, row: OutboxRow, includeContact: boolean): Data | null {
  switch (row.event) {
    case 'reply.received': {
      const r = db
        .prepare<[number], { id: number; at: number; text: string; opt_out: number; campaign_id: number | null; campaign: string | null; number_id: number | null; number: string | null; contact_id: number | null; name: string | null; phone: string | null; variation: number | null }>(
          `SELECT i.id, i.at, i.text, i.opt_out, i.campaign_id, cp.name AS campaign, i.number_id, n.label AS number, i.contact_id, c.name,
                  coalesce(c.phone_key, i.from_e164) AS phone, d.variation
           FROM inbound_messages i LEFT JOIN campaigns cp ON cp.id = i.campaign_id LEFT JOIN numbers n ON n.id = i.number_id
           LEFT JOIN contacts c ON c.id = i.contact_id LEFT JOIN deliveries d ON d.id = i.delivery_id WHERE i.id = ?`,
        )
        .get(row.ref_id);
      if (!r) return null;
      return {
        replyId: r.id,
        receivedAt: iso(r.at),
        optOut: r.opt_out === 1,
        campaign: r.campaign_id === null ? null : { id: r.campaign_id, name: r.campaign },
        variation: r.variation,
        number: r.number_id === null ? null : { id: r.number_id, label: r.number },
        contact: contact(includeContact, r.contact_id, r.name, r.phone),
        ...(includeContact ? { text: r.text } : {}),
      };
    }
    case 'contact.opted_out': {
      const r = db
        .prepare<[number], { id: number; contact_id: number | null; phone_key: string; source: string; keyword: string | null; campaign_id: number | null; number_id: number | null; at: number; name: string | null }>(
          'SELECT o.id, o.contact_id, o.phone_key, o.source, o.keyword, o.campaign_id, o.number_id, o.at, c.name FROM opt_out_events o LEFT JOIN contacts c ON c.id = o.contact_id WHERE o.id = ?',
        )
        .get(row.ref_id);
      if (!r) return null;
      return { optOutId: r.id, at: iso(r.at), source: r.source, keyword: r.keyword, campaignId: r.campaign_id, numberId: r.number_id, contact: contact(includeContact, r.contact_id, r.name, r.phone_key) };
    }
    case 'delivery.status': {
      const r = db
        .prepare<[number], { id: number; campaign_id: number; campaign: string | null; contact_id: number | null; name: string | null; phone: string | null; number_id: number | null; variation: number | null; message_id: string | null }>(
          `SELECT d.id, d.campaign_id, cp.name AS campaign, d.contact_id, c.name, c.phone_key AS phone, d.number_id, d.variation, d.message_id
           FROM deliveries d LEFT JOIN campaigns cp ON cp.id = d.campaign_id LEFT JOIN contacts c ON c.id = d.contact_id WHERE d.id = ?`,
        )
        .get(row.ref_id);
      if (!r) return null;
      return {
        deliveryId: r.id,
        state: row.state,
        at: iso(row.at),
        campaign: { id: r.campaign_id, name: r.campaign },
        variation: r.variation,
        numberId: r.number_id,
        messageId: r.message_id,
        contact: contact(includeContact, r.contact_id, r.name, r.phone),
      };
    }
    case 'campaign.finished': {
      const r = db
        .prepare<[number], { id: number; name: string; status: string; started_at: number | null; finished_at: number | null; total: number | null; sent: number | null; delivered: number | null; read: number | null; replied: number | null; failed: number | null; closed_deals: number | null; revenue_cents: number | null }>(
          `SELECT cp.id, cp.name, cp.status, cp.started_at, cp.finished_at, cc.total, cc.sent, cc.delivered, cc.read, cc.replied, cc.failed, cr.closed_deals, cr.revenue_cents
           FROM campaigns cp LEFT JOIN campaign_counters cc ON cc.campaign_id = cp.id LEFT JOIN campaign_results cr ON cr.campaign_id = cp.id WHERE cp.id = ?`,
        )
        .get(row.ref_id);
      if (!r) return null;
      const funnel = funnelOf({ sent: r.sent ?? 0, delivered: r.delivered ?? 0, read: r.read ?? 0 });
      return {
        campaign: { id: r.id, name: r.name },
        // finished or cancelled, as it ended (the campaign may have been reopened since).
        status: row.state ?? r.status,
        startedAt: iso(r.started_at),
        endedAt: iso(row.at),
        // Cumulative, as on every screen: a read message was also delivered and sent.
        totals: {
          contacts: r.total ?? 0,
          sent: funnel.sent,
          delivered: funnel.delivered,
          read: funnel.read,
          replied: r.replied ?? 0,
          failed: r.failed ?? 0,
          closedDeals: Math.max(0, r.closed_deals ?? 0),
          revenueCents: Math.max(0, r.revenue_cents ?? 0),
        },
      };
    }
    case 'deal.closed': {
      const r = db
        .prepare<[number], { id: number; campaign_id: number | null; campaign: string | null; contact_id: number | null; name: string | null; phone: string | null; inbound_id: number | null; value_cents: number | null; at: number }>(
          `SELECT x.id, x.campaign_id, cp.name AS campaign, x.contact_id, c.name, c.phone_key AS phone, x.inbound_id, x.value_cents, x.at
           FROM deals x LEFT JOIN campaigns cp ON cp.id = x.campaign_id LEFT JOIN contacts c ON c.id = x.contact_id WHERE x.id = ?`,
        )
        .get(row.ref_id);
      if (!r) return null;
      return {
        dealId: r.id,
        at: iso(r.at),
        valueCents: r.value_cents,
        campaign: r.campaign_id === null ? null : { id: r.campaign_id, name: r.campaign },
        replyId: r.inbound_id,
        contact: contact(includeContact, r.contact_id, r.name, r.phone),
      };
    }
  }
}

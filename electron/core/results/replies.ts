/** The replies inbox: every inbound message, newest first, with who sent it and what prompted it. */
import type { Db } from '../db/open';
import type { ReplyRow } from '../../../shared/api/methods/results';

interface Row {
  id: number;
  at: number;
  text: string;
  opt_out: number;
  contact_id: number | null;
  name: string | null;
  phone: string | null;
  campaign_id: number | null;
  campaign_name: string | null;
  number_id: number | null;
  number_label: string | null;
  number_kind: string | null;
  prompt: string | null;
  deal: number | null;
  deal_value: number | null;
}

/** `https://wa.me/<digits>` for an E.164 phone; null for anything else (e.g. a LID-only sender). */
export function waLinkOf(phone: string | null): string | null {
  if (!phone || !/^\+?\d{8,15}$/.test(phone)) return null;
  return `https://wa.me/${phone.replace(/\D/g, '')}`;
}

export function listReplies(db: Db, input: { campaignId?: number; numberId?: number; offset?: number; limit?: number } = {}): { total: number; rows: ReplyRow[] } {
  const where: string[] = [];
  const args: number[] = [];
  if (input.campaignId !== undefined) {
    where.push('i.campaign_id = ?');
    args.push(input.campaignId);
  }
  if (input.numberId !== undefined) {
    where.push('i.number_id = ?');
    args.push(input.numberId);
  }
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = db.prepare<number[], { n: number }>(`SELECT count(*) AS n FROM inbound_messages i ${filter}`).get(...args)!.n;
  const rows = db
    .prepare<number[], Row>(
      `SELECT i.id, i.at, i.text, i.opt_out, i.contact_id, c.name, coalesce(c.phone_key, i.from_e164) AS phone,
              i.campaign_id, cp.name AS campaign_name, i.number_id, n.label AS number_label, n.kind AS number_kind,
              d.text AS prompt, (SELECT sum(delta) FROM deals WHERE inbound_id = i.id) AS deal,
              (SELECT value_cents FROM deals WHERE inbound_id = i.id AND delta = 1 ORDER BY id DESC LIMIT 1) AS deal_value
       FROM inbound_messages i
       LEFT JOIN contacts c ON c.id = i.contact_id
       LEFT JOIN campaigns cp ON cp.id = i.campaign_id
       LEFT JOIN numbers n ON n.id = i.number_id
       LEFT JOIN deliveries d ON d.id = i.delivery_id
       ${filter}
       ORDER BY i.at DESC, i.id DESC LIMIT ? OFFSET ?`,
    )
    .all(...args, input.limit ?? 50, input.offset ?? 0);
  return {
    total,
    rows: rows.map((r) => ({
      id: r.id,
      at: r.at,
      text: r.text,
      optOut: r.opt_out === 1,
      contactId: r.contact_id,
      name: r.name,
      phone: r.phone,
      waLink: waLinkOf(r.phone),
      campaignId: r.campaign_id,
      campaignName: r.campaign_name,
      numberId: r.number_id,
      numberLabel: r.number_label,
      simulated: r.number_kind === 'simulator',
      prompt: r.prompt,
      dealClosed: (r.deal ?? 0) > 0,
      dealValueCents: (r.deal ?? 0) > 0 ? r.deal_value : null,
    })),
  };
}

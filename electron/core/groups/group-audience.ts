/**
 * A campaign's audience as groups (issue 19 b): the groups one linked number is in, chosen by jid.
 * Only groups the number may post in count (still a member, not a community, and either open to
 * all or the number is admin); the rest are reported with why, so the wizard can say so.
 * Materialising inserts one queued delivery per group with no contact; the unique index
 * deliveries_group (0018) keeps it at most once per group per campaign, even if called twice.
 */
import type { Db } from '../db/open';
import type { CounterWriter } from '../campaigns/deliveries/counters';

export type GroupSkipReason = 'not_member' | 'admins_only';

export interface GroupAudiencePreview {
  /** Groups that would receive the campaign, in the order chosen. */
  accepted: string[];
  skipped: { jid: string; reason: GroupSkipReason }[];
}

interface Row {
  jid: string;
  is_admin: number;
  announce: number;
  community: number;
  left_at: number | null;
}

export function previewGroupAudience(db: Db, numberId: number, jids: readonly string[]): GroupAudiencePreview {
  const get = db.prepare<[number, string], Row>('SELECT jid, is_admin, announce, community, left_at FROM wa_groups WHERE number_id = ? AND jid = ?');
  const accepted: string[] = [];
  const skipped: GroupAudiencePreview['skipped'] = [];
  for (const jid of new Set(jids)) {
    const r = get.get(numberId, jid);
    if (!r || r.left_at !== null || r.community === 1) skipped.push({ jid, reason: 'not_member' });
    else if (r.announce === 1 && r.is_admin !== 1) skipped.push({ jid, reason: 'admins_only' });
    else accepted.push(jid);
  }
  return { accepted, skipped };
}

/**
 * One queued delivery per postable group. Call inside the transaction that starts the campaign.
 * Returns how many rows were created (a group already in the campaign is not added again).
 */
export function materializeGroupDeliveries(db: Db, counters: CounterWriter, campaignId: number, numberId: number, jids: readonly string[], now = Date.now()): number {
  const { accepted } = previewGroupAudience(db, numberId, jids);
  const insert = db.prepare(
    `INSERT INTO deliveries (campaign_id, contact_id, group_jid, state, next_attempt_at, created_at, updated_at)
     VALUES (?, NULL, ?, 'queued', 0, ?, ?)
     ON CONFLICT (campaign_id, group_jid) WHERE group_jid IS NOT NULL DO NOTHING`,
  );
  let n = 0;
  for (const jid of accepted) n += insert.run(campaignId, jid, now, now).changes;
  counters.queuedBulk(campaignId, n);
  return n;
}

/**
 * Who a campaign sends to: the members of its lists and the contacts with its labels (once each),
 * minus opted-out and invalid contacts,
 * minus contacts any campaign messaged in the last N days (frequency cap).
 */
import type { Db } from '../../db/open';
import type { CampaignAudience } from '../../../../shared/campaigns/schema';
import type { CounterWriter } from '../deliveries/counters';

const DAY_MS = 86_400_000;

/** Counts after each exclusion, in the order the wizard shows them. */
export interface AudiencePreview {
  /** Distinct contacts in the chosen lists or with the chosen labels. */
  inLists: number;
  optedOut: number;
  invalid: number;
  /** Active contacts skipped because a campaign messaged them within the frequency cap. */
  recentlyMessaged: number;
  /** Who would receive the campaign. */
  final: number;
}

// A contact is "recently messaged" when any delivery to it was attempted since the cutoff.
const MEMBERS = `
  WITH members AS (
    SELECT contact_id AS id FROM contact_lists WHERE list_id IN (SELECT value FROM json_each(?))
    UNION
    SELECT contact_id AS id FROM contact_tags WHERE tag_id IN (SELECT value FROM json_each(?)))`;
const RECENT = `EXISTS (SELECT 1 FROM deliveries d WHERE d.contact_id = c.id AND d.last_attempt_at >= ?)`;

function cutoff(audience: CampaignAudience, now: number): number {
  // With the cap off, a cutoff in the future matches nothing.
  return audience.frequencyCapDays > 0 ? now - audience.frequencyCapDays * DAY_MS : Number.MAX_SAFE_INTEGER;
}

export function previewAudience(db: Db, audience: CampaignAudience, now = Date.now()): AudiencePreview {
  const row = db
    .prepare<[string, string, number], { inLists: number; optedOut: number; invalid: number; recent: number }>(
      `${MEMBERS}
       SELECT count(*) AS inLists,
              count(*) FILTER (WHERE c.status = 'opted_out') AS optedOut,
              count(*) FILTER (WHERE c.status = 'invalid') AS invalid,
              count(*) FILTER (WHERE c.status = 'active' AND ${RECENT}) AS recent
       FROM members m JOIN contacts c ON c.id = m.id`,
    )
    .get(JSON.stringify(audience.listIds), JSON.stringify(audience.tagIds ?? []), cutoff(audience, now))!;
  const final = row.inLists - row.optedOut - row.invalid - row.recent;
  return { inLists: row.inLists, optedOut: row.optedOut, invalid: row.invalid, recentlyMessaged: row.recent, final };
}

/**
 * The first `limit` contacts the campaign would message, in send order (by id): for previews
 * filled with real data (the Cloud template preview in the wizard).
 */
export function firstAudienceMembers(db: Db, audience: CampaignAudience, limit: number, now = Date.now()): Array<{ id: number; name: string | null; first_name: string | null; phone_key: string; fields: string | null }> {
  return db
    .prepare<[string, string, number, number], { id: number; name: string | null; first_name: string | null; phone_key: string; fields: string | null }>(
      `${MEMBERS}
       SELECT c.id, c.name, c.first_name, c.phone_key, c.fields
       FROM members m JOIN contacts c ON c.id = m.id
       WHERE c.status = 'active' AND NOT ${RECENT}
       ORDER BY c.id
       LIMIT ?`,
    )
    .all(JSON.stringify(audience.listIds), JSON.stringify(audience.tagIds ?? []), cutoff(audience, now), limit);
}

/**
 * Creates one queued delivery per audience member in one statement (fast for 100k+ contacts)
 * and counts them. Call inside the transaction that starts the campaign. Returns how many.
 */
export function materializeDeliveries(db: Db, counters: CounterWriter, campaignId: number, audience: CampaignAudience, now = Date.now()): number {
  const n = db
    .prepare(
      `${MEMBERS}
       INSERT INTO deliveries (campaign_id, contact_id, state, next_attempt_at, created_at, updated_at)
       SELECT ?, c.id, 'queued', 0, ?, ?
       FROM members m JOIN contacts c ON c.id = m.id
       WHERE c.status = 'active' AND NOT ${RECENT}
       ORDER BY c.id
       ON CONFLICT (campaign_id, contact_id) DO NOTHING`,
    )
    .run(JSON.stringify(audience.listIds), JSON.stringify(audience.tagIds ?? []), campaignId, now, now, cutoff(audience, now)).changes;
  counters.queuedBulk(campaignId, n);
  return n;
}

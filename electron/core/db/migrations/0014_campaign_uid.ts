import crypto from 'node:crypto';
import type { Migration } from './types';

// A stable id per campaign for the send journal (campaigns/journal/), which lives outside the
// database: numeric ids can be reused by another database lineage (a restore, "apagar tudo"),
// a UUID cannot. New rows get a random v4 UUID from the trigger, whoever inserts them.
// Existing rows get a UUID derived from what a copy of the same database also has (id,
// created_at and the random seed), so a backup taken before this migration and migrated
// after a restore names its campaigns exactly as the live database did.
const RANDOM_UUID_SQL = `lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' ||
  substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))`;

function derivedUuid(id: number, createdAt: number, seed: string): string {
  const h = crypto.createHash('sha256').update(`recado-campaign:${id}:${createdAt}:${seed}`).digest();
  h[6] = (h[6] & 0x0f) | 0x50; // version 5 (name-based, SHA)
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export const migration0014: Migration = {
  version: 14,
  name: 'campaign_uid',
  up(db) {
    db.exec('ALTER TABLE campaigns ADD COLUMN uid TEXT');
    const rows = db.prepare('SELECT id, created_at, seed FROM campaigns').all() as Array<{ id: number; created_at: number; seed: string }>;
    const set = db.prepare('UPDATE campaigns SET uid = ? WHERE id = ?');
    for (const r of rows) set.run(derivedUuid(r.id, r.created_at, r.seed), r.id);
    db.exec(`
      CREATE UNIQUE INDEX campaigns_uid ON campaigns (uid);
      CREATE TRIGGER campaigns_uid_default AFTER INSERT ON campaigns WHEN NEW.uid IS NULL
      BEGIN
        UPDATE campaigns SET uid = ${RANDOM_UUID_SQL} WHERE id = NEW.id;
      END;
    `);
  },
};

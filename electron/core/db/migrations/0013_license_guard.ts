import type { Migration } from './types';

// Licensing state a user could edit with a database tool, sealed by a MAC under the secret
// box's key (see license/state-guard.ts): every license seen here with the newest token issue
// time and whether the server dropped it (so an old license file cannot bring it back), and a
// sealed copy of each day's plan-counted sends (so lowering the engine's counters frees nothing).
export const migration0013: Migration = {
  version: 13,
  name: 'license_guard',
  up(db) {
    db.exec(`
      ALTER TABLE license_state ADD COLUMN guard_mac BLOB;
      -- Which data key made guard_mac (a short hash of it): another key cannot verify it.
      ALTER TABLE license_state ADD COLUMN guard_kid TEXT;

      CREATE TABLE license_seen (
        license_id       TEXT PRIMARY KEY,
        newest_issued_at INTEGER NOT NULL,
        -- license.revoked / license.ended (server) or license.deactivated (this computer).
        dropped_code     TEXT,
        dropped_at       INTEGER
      ) WITHOUT ROWID;

      CREATE TABLE license_usage_guard (
        day   TEXT PRIMARY KEY, -- the engine's local day key
        sends INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};

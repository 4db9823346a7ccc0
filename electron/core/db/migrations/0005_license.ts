import type { Migration } from './types';

// Licensing on this computer: one state row (the signed license, the latest time seen for
// clock-rollback detection, the random machine seed) and a history of activations.
// Usage counters (messages / AI per day) belong to the engine's and AI's own tables.
export const migration0005: Migration = {
  version: 5,
  name: 'license',
  up(db) {
    db.exec(`
      CREATE TABLE license_state (
        id              INTEGER PRIMARY KEY CHECK (id = 1),
        -- Signed license token (verified offline on every start); NULL in trial mode.
        token           TEXT,
        -- Random seed hashed with the host and user names into the machine id.
        machine_seed    TEXT NOT NULL,
        -- Latest epoch ms seen; a clock far behind it means the clock was set back.
        last_seen_at    INTEGER NOT NULL DEFAULT 0,
        -- Set once the user activated or chose trial mode (no first-run screen afterwards).
        onboarded_at    INTEGER,
        trial_chosen_at INTEGER,
        activated_at    INTEGER,
        last_refresh_at INTEGER,
        -- Why the last license was dropped (license.revoked / license.ended), shown in trial mode.
        dropped_code    TEXT,
        offline_pending INTEGER NOT NULL DEFAULT 0,
        updated_at      INTEGER NOT NULL
      );

      CREATE TABLE license_history (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        action     TEXT NOT NULL,
        license_id TEXT,
        plan       TEXT,
        detail     TEXT
      );
    `);
  },
};

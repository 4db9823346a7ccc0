import type { Migration } from './types';

// Sending numbers and campaigns. A campaign's editable document (audience, messages, schedule,
// pacing) is JSON validated by shared/campaigns/schema.ts; run-time state (deliveries, counters)
// lives in later migrations.
export const migration0003: Migration = {
  version: 3,
  name: 'campaigns',
  up(db) {
    db.exec(`
      CREATE TABLE numbers (
        id            INTEGER PRIMARY KEY,
        kind          TEXT NOT NULL CHECK (kind IN ('simulator', 'whatsapp')),
        label         TEXT NOT NULL,
        phone         TEXT,
        status        TEXT NOT NULL DEFAULT 'disconnected',
        status_reason TEXT,
        config        TEXT NOT NULL DEFAULT '{}',
        flagged_at    INTEGER,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );

      CREATE TABLE campaigns (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        status       TEXT NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'scheduled', 'running', 'paused', 'finished', 'cancelled')),
        pause_code   TEXT,
        pause_reason TEXT,
        draft        TEXT NOT NULL,
        seed         TEXT NOT NULL,
        cloned_from  INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL,
        started_at   INTEGER,
        finished_at  INTEGER
      );
      CREATE INDEX campaigns_status ON campaigns (status);
    `);
  },
};

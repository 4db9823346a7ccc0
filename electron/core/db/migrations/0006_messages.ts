import type { Migration } from './types';

// Messages: attachment metadata (files live in <dataDir>/attachments/<sha256>) and the count of
// AI generations per local day, for the plan's daily limit.
export const migration0006: Migration = {
  version: 6,
  name: 'messages',
  up(db) {
    db.exec(`
      CREATE TABLE attachments (
        sha256     TEXT PRIMARY KEY,
        kind       TEXT NOT NULL CHECK (kind IN ('image', 'video', 'document', 'audio')),
        mime_type  TEXT NOT NULL,
        size       INTEGER NOT NULL,
        file_name  TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE ai_usage (
        day   TEXT PRIMARY KEY, -- YYYY-MM-DD in the user's time zone
        count INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `);
  },
};

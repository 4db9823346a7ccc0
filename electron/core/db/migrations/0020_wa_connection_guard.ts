import type { Migration } from './types';

// WhatsApp connection hygiene (channels/whatsapp/reconnect-guard.ts):
// - wa_connection_events: each number's recent logins, drops, rate-limit answers and stable
//   connections, so the ceiling of logins per hour and a rate-limit wait hold across restarts of
//   the app. Only the last few hours matter; older rows are pruned as new ones are written.
// - numbers.retry_at: when a number that is waiting to reconnect (reconnecting, or "instável")
//   tries again by itself, shown on the number card and in the campaign's explanation.
export const migration0020: Migration = {
  version: 20,
  name: 'wa_connection_guard',
  up(db) {
    db.exec(`
      CREATE TABLE wa_connection_events (
        number_id INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        kind      TEXT NOT NULL CHECK (kind IN ('login', 'drop', 'rate_limited', 'stable')),
        at        INTEGER NOT NULL
      );
      CREATE INDEX wa_connection_events_number_at ON wa_connection_events (number_id, at);
      CREATE INDEX wa_connection_events_at ON wa_connection_events (at);
      ALTER TABLE numbers ADD COLUMN retry_at INTEGER;
    `);
  },
};

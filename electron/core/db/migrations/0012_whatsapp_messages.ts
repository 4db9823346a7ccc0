import type { Migration } from './types';

// WhatsApp message bookkeeping per number.
// - wa_sent: the full content of every message a number sent (media keys included), sealed by the
//   SecretBox, so Baileys can answer a contact's retry request (`getMessage`) with exactly what was
//   sent. Pruned after a few weeks: retries only come within days.
// - wa_inbound_seen: ids of messages already handled, so a message replayed after a reconnect
//   (offline replay, or a redelivery) is processed once.
// - wa_check_usage: how many numbers each WhatsApp number looked up per day ("Verificar WhatsApp"
//   has a daily ceiling per number).
export const migration0012: Migration = {
  version: 12,
  name: 'whatsapp_messages',
  up(db) {
    db.exec(`
      CREATE TABLE wa_sent (
        number_id  INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        value      BLOB NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (number_id, message_id)
      ) WITHOUT ROWID;
      CREATE INDEX wa_sent_created ON wa_sent (created_at);

      CREATE TABLE wa_inbound_seen (
        number_id  INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        message_id TEXT NOT NULL,
        seen_at    INTEGER NOT NULL,
        PRIMARY KEY (number_id, message_id)
      ) WITHOUT ROWID;
      CREATE INDEX wa_inbound_seen_at ON wa_inbound_seen (seen_at);

      CREATE TABLE wa_check_usage (
        number_id INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        day       TEXT NOT NULL,
        checked   INTEGER NOT NULL,
        PRIMARY KEY (number_id, day)
      ) WITHOUT ROWID;
    `);
  },
};

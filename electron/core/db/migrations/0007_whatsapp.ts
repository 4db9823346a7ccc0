import type { Migration } from './types';

// WhatsApp (Baileys) sessions and the number-check cache.
// - wa_creds / wa_keys: one linked device per `numbers` row. Every value is BufferJSON text
//   sealed by the SecretBox (it holds the account's private keys), so the DB file alone reveals
//   nothing. Deleting the number deletes its session.
// - wa_checks: whether a contact's phone is on WhatsApp and under which jid (Brazilian mobiles may
//   be registered without the 9th digit). Keyed by the contact's canonical E.164 (`phone_key`);
//   shared by every sending number since the answer does not depend on who asks.
export const migration0007: Migration = {
  version: 7,
  name: 'whatsapp',
  up(db) {
    db.exec(`
      CREATE TABLE wa_creds (
        number_id  INTEGER PRIMARY KEY REFERENCES numbers (id) ON DELETE CASCADE,
        value      BLOB NOT NULL,
        registered INTEGER NOT NULL DEFAULT 0,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE wa_keys (
        number_id INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        type      TEXT NOT NULL,
        id        TEXT NOT NULL,
        value     BLOB NOT NULL,
        PRIMARY KEY (number_id, type, id)
      ) WITHOUT ROWID;

      CREATE TABLE wa_checks (
        phone_key   TEXT PRIMARY KEY,
        jid         TEXT,
        on_whatsapp INTEGER NOT NULL,
        checked_at  INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};

import type { Migration } from './types';

/** Kept apart so a bulk import into an empty table can drop it and rebuild it in one sort. */
export const CONTACTS_PHONE_INDEX = 'contacts_phone_key';
export const CREATE_CONTACTS_PHONE_INDEX = `CREATE UNIQUE INDEX ${CONTACTS_PHONE_INDEX} ON contacts (phone_key)`;

// Contacts, lists, tags and the import log.
// - phone_key is the canonical E.164 (BR mobiles with the 9th digit): one row per person.
// - wa_candidates is computed (virtual): the WhatsApp addresses to try, so it never goes stale and
//   costs nothing at import time. Must match waCandidatesFor() in shared/phone/brazil.ts.
// - CHECKs are written with OR: an IN list costs several times more per inserted row.
export const migration0002: Migration = {
  version: 2,
  name: 'contacts',
  up(db) {
    db.exec(`
      CREATE TABLE contacts (
        id             INTEGER PRIMARY KEY,
        phone_key      TEXT NOT NULL,
        e164           TEXT GENERATED ALWAYS AS (phone_key) VIRTUAL,
        kind           TEXT NOT NULL DEFAULT 'mobile' CHECK (kind = 'mobile' OR kind = 'landline' OR kind = 'other'),
        name           TEXT COLLATE NOCASE,
        first_name     TEXT,
        email          TEXT COLLATE NOCASE,
        fields         TEXT NOT NULL DEFAULT '{}',
        status         TEXT NOT NULL DEFAULT 'active' CHECK (status = 'active' OR status = 'opted_out' OR status = 'invalid'),
        consent_source TEXT,
        consent_at     INTEGER,
        opted_out_at   INTEGER,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        wa_candidates  TEXT GENERATED ALWAYS AS (
          CASE WHEN length(phone_key) = 14 AND substr(phone_key, 1, 3) = '+55' AND substr(phone_key, 6, 1) = '9'
                    AND substr(phone_key, 7, 1) BETWEEN '6' AND '9'
               THEN json_array(phone_key, substr(phone_key, 1, 5) || substr(phone_key, 7))
               ELSE json_array(phone_key) END
        ) VIRTUAL
      );
      ${CREATE_CONTACTS_PHONE_INDEX};
      -- Almost every contact is active; indexing only the others keeps imports cheap.
      CREATE INDEX contacts_status_inactive ON contacts (status, id) WHERE status <> 'active';

      CREATE TABLE lists (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        source     TEXT,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE contact_lists (
        list_id    INTEGER NOT NULL REFERENCES lists (id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        PRIMARY KEY (list_id, contact_id)
      ) WITHOUT ROWID;
      CREATE INDEX contact_lists_contact ON contact_lists (contact_id);

      CREATE TABLE tags (
        id         INTEGER PRIMARY KEY,
        name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at INTEGER NOT NULL
      );

      CREATE TABLE contact_tags (
        tag_id     INTEGER NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
        contact_id INTEGER NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
        PRIMARY KEY (tag_id, contact_id)
      ) WITHOUT ROWID;
      CREATE INDEX contact_tags_contact ON contact_tags (contact_id);

      CREATE TABLE imports (
        id          INTEGER PRIMARY KEY,
        list_id     INTEGER REFERENCES lists (id) ON DELETE SET NULL,
        file_name   TEXT,
        started_at  INTEGER NOT NULL,
        finished_at INTEGER,
        status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'cancelled')),
        report      TEXT
      );
    `);
  },
};

import type { Migration } from './types';

// The search index may lag behind a big import (issue 17): a million contacts commit first and
// get their search entries afterwards, in small transactions, while search stays complete.
// - search_backlog: ranges of contact ids that have no entry in contacts_fts yet (from_id < id
//   <= through_id). An import that defers its index adds its new ids as a range in the same
//   transaction as the contacts; the catch-up (leads/search-backlog.ts) indexes a range's
//   current rows and shrinks or deletes it in the same transaction as those entries.
// - The index triggers skip contacts inside a range: a contentless index may only be told to
//   remove what it holds, and the catch-up indexes whatever the range holds when it gets there
//   (rows added, changed or removed meanwhile included).
// The document is the same text as migration 0015's (kept here: migrations do not share code).

const doc = (r: string) => `coalesce(${r}.name, '') || ' ' || coalesce(${r}.email, '') || ' ' || substr(${r}.phone_key, 2) || '  '`;
const indexed = (id: string) => `NOT EXISTS (SELECT 1 FROM search_backlog b WHERE b.from_id < ${id} AND b.through_id >= ${id})`;

export const migration0023: Migration = {
  version: 23,
  name: 'search_backlog',
  up(db) {
    db.exec(`
      CREATE TABLE search_backlog (
        from_id    INTEGER PRIMARY KEY,
        through_id INTEGER NOT NULL,
        CHECK (through_id > from_id)
      );
      DROP TRIGGER contacts_fts_insert;
      DROP TRIGGER contacts_fts_delete;
      DROP TRIGGER contacts_fts_update;
      CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts
        WHEN ${indexed('new.id')}
      BEGIN
        INSERT INTO contacts_fts (rowid, doc) VALUES (new.id, ${doc('new')});
      END;
      CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts
        WHEN ${indexed('old.id')}
      BEGIN
        INSERT INTO contacts_fts (contacts_fts, rowid, doc) VALUES ('delete', old.id, ${doc('old')});
      END;
      CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, email, phone_key ON contacts
        WHEN (${doc('old')}) IS NOT (${doc('new')}) AND ${indexed('old.id')}
      BEGIN
        INSERT INTO contacts_fts (contacts_fts, rowid, doc) VALUES ('delete', old.id, ${doc('old')});
        INSERT INTO contacts_fts (rowid, doc) VALUES (new.id, ${doc('new')});
      END;
    `);
  },
};

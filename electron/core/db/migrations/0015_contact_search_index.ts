import type { Migration } from './types';

// Contact search over a million contacts without scanning them (leads/contact-query.ts):
// - contacts_fts: an FTS5 trigram index of each contact's name, e-mail and phone digits, for
//   infix matches ("ilva" finds "Silva", "4321" finds "+55 11 98765-4321"); the tokenizer folds
//   case and accents ("joao" finds "João"). Contentless (the text lives in contacts) with
//   detail=none: it only lists which contacts hold each trigram, which keeps it small and quick
//   to build; a search confirms each candidate against the contact's own columns.
// - search_text (migration 0010), the folded copy of name and e-mail, is dropped: the index
//   folds by itself, and a search folds only its candidates.
// - contacts_id_order: ids alone, so the table can jump to the n-th contact by walking a narrow
//   index instead of the whole table.
// Triggers keep the index in step with every writer. A contentless index removes a row by being
// told its old text, so the document is always computed from the row by searchDoc(), nothing
// else. The bulk import fills it set-based with its insert trigger dropped (leads/import.ts), as
// migration 0009 does for the total.

export const CONTACTS_FTS = 'contacts_fts';
export const CONTACTS_FTS_INSERT_TRIGGER = 'contacts_fts_insert';
export const CONTACTS_ID_INDEX = 'contacts_id_order';

/**
 * The indexed text of the row `r` (an alias or NEW/OLD): name, e-mail, phone digits (E.164
 * without '+'), then two spaces, so every character of a contact is followed by at least two
 * more and a one- or two-character search can look up the trigrams that start with it.
 */
export function searchDoc(r: string): string {
  return `coalesce(${r}.name, '') || ' ' || coalesce(${r}.email, '') || ' ' || substr(${r}.phone_key, 2) || '  '`;
}

export const CREATE_CONTACTS_FTS_INSERT_TRIGGER = `CREATE TRIGGER ${CONTACTS_FTS_INSERT_TRIGGER} AFTER INSERT ON contacts
  BEGIN
    INSERT INTO ${CONTACTS_FTS} (rowid, doc) VALUES (new.id, ${searchDoc('new')});
  END`;

export const migration0015: Migration = {
  version: 15,
  name: 'contact_search_index',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE ${CONTACTS_FTS} USING fts5(doc, content = '', tokenize = 'trigram remove_diacritics 1', detail = none, columnsize = 0);
      INSERT INTO ${CONTACTS_FTS} (rowid, doc) SELECT c.id, ${searchDoc('c')} FROM contacts c;
      ${CREATE_CONTACTS_FTS_INSERT_TRIGGER};
      CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts
      BEGIN
        INSERT INTO ${CONTACTS_FTS} (${CONTACTS_FTS}, rowid, doc) VALUES ('delete', old.id, ${searchDoc('old')});
      END;
      CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, email, phone_key ON contacts
        WHEN (${searchDoc('old')}) IS NOT (${searchDoc('new')})
      BEGIN
        INSERT INTO ${CONTACTS_FTS} (${CONTACTS_FTS}, rowid, doc) VALUES ('delete', old.id, ${searchDoc('old')});
        INSERT INTO ${CONTACTS_FTS} (rowid, doc) VALUES (new.id, ${searchDoc('new')});
      END;
      ALTER TABLE contacts DROP COLUMN search_text;
      CREATE INDEX ${CONTACTS_ID_INDEX} ON contacts (id);
    `);
  },
};

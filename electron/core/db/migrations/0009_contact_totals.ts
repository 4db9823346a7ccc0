import type { Migration } from './types';

// The number of contacts, kept in one row so the Início dashboard reads it in O(1) instead of
// walking the phone index (~6,500 pages per million contacts, 10–25 ms whenever another
// connection, such as the import worker, has changed the file).
// Row-level triggers keep it for every writer. The bulk import is the one exception: a trigger
// per row would slow a million-row merge, so it drops the insert trigger inside its own
// transaction, adds the number of rows it inserted and re-creates the trigger before committing
// (see leads/contact-totals.ts). A rollback undoes all three together.

export const CONTACTS_TOTAL_INSERT_TRIGGER = 'contacts_total_insert';
export const CREATE_CONTACTS_TOTAL_INSERT_TRIGGER = `CREATE TRIGGER ${CONTACTS_TOTAL_INSERT_TRIGGER} AFTER INSERT ON contacts
  BEGIN
    UPDATE contact_totals SET total = total + 1 WHERE id = 1;
  END`;

export const migration0009: Migration = {
  version: 9,
  name: 'contact_totals',
  up(db) {
    db.exec(`
      CREATE TABLE contact_totals (
        id    INTEGER PRIMARY KEY CHECK (id = 1),
        total INTEGER NOT NULL
      );
      INSERT INTO contact_totals (id, total) SELECT 1, count(*) FROM contacts;
      ${CREATE_CONTACTS_TOTAL_INSERT_TRIGGER};
      CREATE TRIGGER contacts_total_delete AFTER DELETE ON contacts
      BEGIN
        UPDATE contact_totals SET total = total - 1 WHERE id = 1;
      END;
    `);
  },
};

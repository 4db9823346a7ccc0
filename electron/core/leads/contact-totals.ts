/**
 * Set-based contact inserts and what row triggers keep for every other writer: the contact total
 * (migration 0009) and the search index (migration 0012). A bulk INSERT ... SELECT runs without
 * the two insert triggers, then adds its row count once and indexes its new rows in one pass, so
 * a million-row import pays one UPDATE and one index build instead of a million of each.
 */
import type { Database } from 'better-sqlite3';
import { CONTACTS_TOTAL_INSERT_TRIGGER, CREATE_CONTACTS_TOTAL_INSERT_TRIGGER } from '../db/migrations/0009_contact_totals';
import { CONTACTS_FTS, CONTACTS_FTS_INSERT_TRIGGER, CREATE_CONTACTS_FTS_INSERT_TRIGGER, searchDoc } from '../db/migrations/0015_contact_search_index';

/** The search index's in-memory buffer during a bulk insert: fewer, larger segments to merge. */
const BULK_FTS_HASH_BYTES = 16 * 1024 * 1024;
/** FTS5's own default (FTS5_DEFAULT_HASHSIZE), restored after a bulk insert. */
const FTS_HASH_BYTES = 1024 * 1024;

/**
 * Runs `insert` (which returns how many contacts it inserted) with the insert triggers off. New
 * contacts are the ids above the largest one before (INTEGER PRIMARY KEY takes max + 1).
 * Must run inside the caller's write transaction: the trigger drops, the inserts, the total, the
 * index and the re-created triggers commit or roll back together, and no other connection can
 * write while the triggers are gone.
 */
export function insertContactsInBulk(db: Database, insert: () => number): number {
  if (!db.inTransaction) throw new Error('insertContactsInBulk needs an open write transaction');
  const maxIdBefore = db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck().get() as number;
  db.exec(`DROP TRIGGER ${CONTACTS_TOTAL_INSERT_TRIGGER}; DROP TRIGGER ${CONTACTS_FTS_INSERT_TRIGGER}`);
  const inserted = insert();
  db.prepare('UPDATE contact_totals SET total = total + ? WHERE id = 1').run(inserted);
  if (inserted > 0) {
    // A literal: FTS5 wants an INTEGER here, and better-sqlite3 binds numbers as REAL.
    const setHash = (bytes: number) => db.exec(`INSERT INTO ${CONTACTS_FTS} (${CONTACTS_FTS}, rank) VALUES ('hashsize', ${Math.trunc(bytes)})`);
    setHash(BULK_FTS_HASH_BYTES);
    db.prepare(`INSERT INTO ${CONTACTS_FTS} (rowid, doc) SELECT c.id, ${searchDoc('c')} FROM contacts c WHERE c.id > ?`).run(maxIdBefore);
    setHash(FTS_HASH_BYTES);
  }
  db.exec(`${CREATE_CONTACTS_TOTAL_INSERT_TRIGGER}; ${CREATE_CONTACTS_FTS_INSERT_TRIGGER}`);
  return inserted;
}

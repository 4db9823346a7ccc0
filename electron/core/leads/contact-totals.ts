/**
 * The contact total (migration 0009) for set-based inserts. Row triggers keep it for every other
 * writer; a bulk INSERT ... SELECT instead runs without the insert trigger and adds its own row
 * count once, so a million-row import pays one UPDATE instead of a million.
 */
import type { Database } from 'better-sqlite3';
import { CONTACTS_TOTAL_INSERT_TRIGGER, CREATE_CONTACTS_TOTAL_INSERT_TRIGGER } from '../db/migrations/0009_contact_totals';

/**
 * Runs `insert` (which returns how many contacts it inserted) with the per-row trigger off.
 * Must run inside the caller's write transaction: the trigger drop, the inserts, the total and
 * the re-created trigger commit or roll back together, and no other connection can write while
 * the trigger is gone.
 */
export function insertContactsInBulk(db: Database, insert: () => number): number {
  if (!db.inTransaction) throw new Error('insertContactsInBulk needs an open write transaction');
  db.exec(`DROP TRIGGER ${CONTACTS_TOTAL_INSERT_TRIGGER}`);
  const inserted = insert();
  db.prepare('UPDATE contact_totals SET total = total + ? WHERE id = 1').run(inserted);
  db.exec(CREATE_CONTACTS_TOTAL_INSERT_TRIGGER);
  return inserted;
}


/**
 * What live code needs to know about the contact search index (created by migration 0015, which
 * keeps its own copy: migrations do not import live code, nor live code migrations).
 */
import type { Database } from 'better-sqlite3';

/** The FTS5 table: a contentless trigram index of each contact's name, e-mail and phone digits. */
export const CONTACTS_FTS = 'contacts_fts';

/** Ids alone, so the contacts table can jump to the n-th contact by walking a narrow index. */
export const CONTACTS_ID_INDEX = 'contacts_id_order';

/** Ranges of contact ids the index does not hold yet (migration 0023, search-backlog.ts). */
export const SEARCH_BACKLOG = 'search_backlog';

/** The index's in-memory buffer while it takes many rows at once: fewer, larger segments to merge. */
export const BULK_FTS_HASH_BYTES = 16 * 1024 * 1024;
/** FTS5's own default (FTS5_DEFAULT_HASHSIZE), for single-row writers. */
export const FTS_HASH_BYTES = 1024 * 1024;

/** Sets the index's buffer size; inside a write transaction, so it commits with the rows. */
export function setFtsHashSize(db: Database, bytes: number): void {
  // A literal: FTS5 wants an INTEGER here, and better-sqlite3 binds numbers as REAL.
  db.exec(`INSERT INTO ${CONTACTS_FTS} (${CONTACTS_FTS}, rank) VALUES ('hashsize', ${Math.trunc(bytes)})`);
}

/**
 * The indexed text of the row `r` (an alias or NEW/OLD): name, e-mail, phone digits (E.164
 * without '+'), then two spaces, so a one- or two-character search finds the trigrams that start
 * with it. A contentless index removes a row by being told its old text, so every writer must
 * compute it exactly this way: search-backlog.test.ts compares it with the triggers' text.
 */
export function searchDoc(r: string): string {
  return `coalesce(${r}.name, '') || ' ' || coalesce(${r}.email, '') || ' ' || substr(${r}.phone_key, 2) || '  '`;
}

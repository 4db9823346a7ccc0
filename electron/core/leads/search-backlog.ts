/**
 * Contacts the search index does not hold yet (migration 0023): a big import commits its
 * contacts without their search entries, which would otherwise be most of its save, and adds
 * their ids here as a range; the catch-up then indexes the ranges in small transactions, off
 * the core's thread (search-indexer.ts). Until it has, a search reads the ranges' rows directly
 * (contact-query.ts), so nothing is ever missing from a result, only slower to find.
 */
import type { Database } from 'better-sqlite3';
import { BULK_FTS_HASH_BYTES, CONTACTS_FTS, FTS_HASH_BYTES, SEARCH_BACKLOG, searchDoc, setFtsHashSize } from './search-index';

/** Contacts with from < id <= through have no search entries yet. */
export interface BacklogRange {
  from: number;
  through: number;
}

/**
 * Contacts per catch-up transaction: about 0.1 s of work on the 2-core development machine (up to
 * 0.17 s with a WAL checkpoint), so a writer waiting for the lock (the send loop) waits about that
 * long at worst, instead of the whole index at once inside the import.
 */
export const CATCH_UP_ROWS = 20_000;

export function backlogRanges(db: Database): BacklogRange[] {
  return db.prepare(`SELECT from_id AS "from", through_id AS through FROM ${SEARCH_BACKLOG} ORDER BY from_id`).all() as BacklogRange[];
}

/** Contacts waiting for their search entries (an upper bound: ids removed meanwhile count). */
export function backlogSize(ranges: BacklogRange[]): number {
  return ranges.reduce((n, r) => n + (r.through - r.from), 0);
}

/**
 * Records that contacts from < id <= through have no search entries. Inside the caller's write
 * transaction, with those contacts. Ranges that touch or overlap become one: every id in their
 * union is unindexed (new ids start above the largest id, so nothing indexed lies between).
 */
export function addToBacklog(db: Database, from: number, through: number): void {
  if (!db.inTransaction) throw new Error('the search backlog changes inside a write transaction');
  if (through <= from) return;
  const touching = db
    .prepare(`SELECT from_id AS "from", through_id AS through FROM ${SEARCH_BACKLOG} WHERE from_id <= ? AND through_id >= ?`)
    .all(through, from) as BacklogRange[];
  let lo = from;
  let hi = through;
  for (const r of touching) {
    lo = Math.min(lo, r.from);
    hi = Math.max(hi, r.through);
  }
  const drop = db.prepare(`DELETE FROM ${SEARCH_BACKLOG} WHERE from_id = ?`);
  for (const r of touching) drop.run(r.from);
  db.prepare(`INSERT INTO ${SEARCH_BACKLOG} (from_id, through_id) VALUES (?, ?)`).run(lo, hi);
}

/**
 * Indexes the first `rows` ids of the lowest range, in one IMMEDIATE transaction with the
 * range's shrinking, so a crash or a quit between two calls loses nothing. Returns how many
 * contacts got entries and whether ranges remain.
 */
export function indexBacklogChunk(db: Database, rows = CATCH_UP_ROWS): { indexed: number; more: boolean } {
  const insert = db.prepare(`INSERT INTO ${CONTACTS_FTS} (rowid, doc) SELECT c.id, ${searchDoc('c')} FROM contacts c WHERE c.id > ? AND c.id <= ?`);
  return db.transaction(() => {
    const first = db.prepare(`SELECT from_id AS "from", through_id AS through FROM ${SEARCH_BACKLOG} ORDER BY from_id LIMIT 1`).get() as BacklogRange | undefined;
    if (!first) return { indexed: 0, more: false };
    const to = Math.min(first.through, first.from + rows);
    setFtsHashSize(db, BULK_FTS_HASH_BYTES);
    const indexed = insert.run(first.from, to).changes;
    setFtsHashSize(db, FTS_HASH_BYTES);
    if (to >= first.through) db.prepare(`DELETE FROM ${SEARCH_BACKLOG} WHERE from_id = ?`).run(first.from);
    else db.prepare(`UPDATE ${SEARCH_BACKLOG} SET from_id = ? WHERE from_id = ?`).run(to, first.from);
    const more = db.prepare(`SELECT 1 FROM ${SEARCH_BACKLOG} LIMIT 1`).get() !== undefined;
    return { indexed, more };
  }).immediate();
}

export interface CatchUpOptions {
  rows?: number;
  /** Pause between transactions, so other writers get the lock. */
  pauseMs?: number;
  /** Checked before each transaction: a closing app stops here, and the rest waits for next time. */
  shouldStop?: () => boolean;
}

/** Indexes every range, a chunk per transaction. Returns the contacts indexed. */
export async function catchUpSearchIndex(db: Database, o: CatchUpOptions = {}): Promise<number> {
  let total = 0;
  for (;;) {
    if (o.shouldStop?.()) return total;
    const { indexed, more } = indexBacklogChunk(db, o.rows);
    total += indexed;
    if (!more) return total;
    await new Promise((r) => setTimeout(r, o.pauseMs ?? 5));
  }
}

/**
 * Set-based contact inserts and what row triggers keep for every other writer: the contact total
 * (migration 0009) and the search index (migration 0015). A bulk INSERT ... SELECT runs without
 * the two insert triggers, then adds its row count once and indexes its new rows set-based, so a
 * million-row import pays one UPDATE and a few index statements instead of a million of each.
 * A big one leaves the index to the catch-up instead (search-backlog.ts): its new ids go to the
 * search backlog, in the same transaction.
 */
import type { Database } from 'better-sqlite3';
import { addToBacklog } from './search-backlog';
import { BULK_FTS_HASH_BYTES, CONTACTS_FTS, FTS_HASH_BYTES, searchDoc, setFtsHashSize } from './search-index';

/** The per-row insert triggers a bulk insert stands in for. */
const INSERT_TRIGGERS = ['contacts_total_insert', 'contacts_fts_insert'] as const;

/**
 * One bulk insert of contacts, possibly in several statements (an import merges its rows in
 * chunks). New contacts are the ids above the largest one before (INTEGER PRIMARY KEY takes
 * max + 1), so each chunk's are a contiguous range.
 * Lives inside the caller's write transaction: the dropped triggers, the inserts, the total, the
 * index and the re-created triggers commit or roll back together, and no other connection can
 * write while the triggers are gone. The triggers are re-created from their own text in
 * sqlite_schema, so this never drifts from the migrations that made them.
 */
export class BulkContactInsert {
  private inserted = 0;
  private finished = false;
  private readonly indexStmt;

  private constructor(
    private readonly db: Database,
    private readonly triggers: Array<{ name: string; sql: string }>,
    /** The largest contact id so far: the ids above it are the next ones this insert adds. */
    private insertedThrough: number,
    /** Leave the new contacts' search entries to the catch-up (search-backlog.ts). */
    private readonly deferIndex: boolean,
  ) {
    this.indexStmt = db.prepare(`INSERT INTO ${CONTACTS_FTS} (rowid, doc) SELECT c.id, ${searchDoc('c')} FROM contacts c WHERE c.id > ? AND c.id <= ?`);
  }

  static start(db: Database, o: { deferIndex?: boolean } = {}): BulkContactInsert {
    if (!db.inTransaction) throw new Error('a bulk contact insert needs an open write transaction');
    const triggers = db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'contacts' AND name IN (${INSERT_TRIGGERS.map(() => '?').join(', ')})`)
      .all(...INSERT_TRIGGERS) as Array<{ name: string; sql: string }>;
    if (triggers.length !== INSERT_TRIGGERS.length) throw new Error('contact insert triggers missing');
    const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck().get() as number;
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    if (!o.deferIndex) setFtsHashSize(db, BULK_FTS_HASH_BYTES);
    return new BulkContactInsert(db, triggers, maxId, !!o.deferIndex);
  }

  /** The largest contact id so far: everything above it was inserted by the caller since. */
  get lastId(): number {
    return this.insertedThrough;
  }

  /**
   * Accounts for contacts the caller just inserted (ids above lastId): they get their search
   * entries now, in one statement, unless the index is deferred. Returns the new lastId.
   */
  added(count: number): number {
    if (count <= 0) return this.insertedThrough;
    const through = this.insertedThrough + count;
    if (!this.deferIndex) this.indexStmt.run(this.insertedThrough, through);
    this.insertedThrough = through;
    this.inserted += count;
    return through;
  }

  /**
   * Adds the inserted rows to the total (and, deferred, their ids to the search backlog) and
   * puts the triggers back.
   */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.db.prepare('UPDATE contact_totals SET total = total + ? WHERE id = 1').run(this.inserted);
    // This insert's contacts are the `inserted` ids up to insertedThrough.
    if (this.deferIndex) addToBacklog(this.db, this.insertedThrough - this.inserted, this.insertedThrough);
    else setFtsHashSize(this.db, FTS_HASH_BYTES);
    for (const t of this.triggers) this.db.exec(t.sql);
  }
}

/**
 * Runs `insert` (which returns how many contacts it inserted, all with ids above the largest
 * before) as one bulk insert. Must run inside the caller's write transaction.
 */
export function insertContactsInBulk(db: Database, insert: () => number): number {
  const bulk = BulkContactInsert.start(db);
  const n = insert();
  bulk.added(n);
  bulk.finish();
  return n;
}

/**
 * Set-based contact inserts and what row triggers keep for every other writer: the contact total
 * (migration 0009) and the search index (migration 0015). A bulk INSERT ... SELECT runs without
 * the two insert triggers, then adds its row count once and indexes its new rows set-based, so a
 * million-row import pays one UPDATE and a few index statements instead of a million of each.
 */
import type { Database } from 'better-sqlite3';
import { CONTACTS_FTS, searchDoc } from './search-index';

/** The per-row insert triggers a bulk insert stands in for. */
const INSERT_TRIGGERS = ['contacts_total_insert', 'contacts_fts_insert'] as const;
/** The search index's in-memory buffer during a bulk insert: fewer, larger segments to merge. */
const BULK_FTS_HASH_BYTES = 16 * 1024 * 1024;
/** FTS5's own default (FTS5_DEFAULT_HASHSIZE), restored after a bulk insert. */
const FTS_HASH_BYTES = 1024 * 1024;

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
    /** Contacts with a larger id are this insert's and have not been indexed yet. */
    private indexedThrough: number,
  ) {
    this.indexStmt = db.prepare(`INSERT INTO ${CONTACTS_FTS} (rowid, doc) SELECT c.id, ${searchDoc('c')} FROM contacts c WHERE c.id > ? AND c.id <= ?`);
  }

  static start(db: Database): BulkContactInsert {
    if (!db.inTransaction) throw new Error('a bulk contact insert needs an open write transaction');
    const triggers = db
      .prepare(`SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'contacts' AND name IN (${INSERT_TRIGGERS.map(() => '?').join(', ')})`)
      .all(...INSERT_TRIGGERS) as Array<{ name: string; sql: string }>;
    if (triggers.length !== INSERT_TRIGGERS.length) throw new Error('contact insert triggers missing');
    const maxId = db.prepare('SELECT coalesce(max(id), 0) FROM contacts').pluck().get() as number;
    for (const t of triggers) db.exec(`DROP TRIGGER ${t.name}`);
    setFtsHashSize(db, BULK_FTS_HASH_BYTES);
    return new BulkContactInsert(db, triggers, maxId);
  }

  /** The largest contact id so far: everything above it was inserted by the caller since. */
  get lastId(): number {
    return this.indexedThrough;
  }

  /**
   * Accounts for contacts the caller just inserted (ids above lastId): they get their search
   * entries now, in one statement. Returns the new lastId.
   */
  added(count: number): number {
    if (count <= 0) return this.indexedThrough;
    const through = this.indexedThrough + count;
    this.indexStmt.run(this.indexedThrough, through);
    this.indexedThrough = through;
    this.inserted += count;
    return through;
  }

  /** Adds the inserted rows to the total and puts the triggers back. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    this.db.prepare('UPDATE contact_totals SET total = total + ? WHERE id = 1').run(this.inserted);
    setFtsHashSize(this.db, FTS_HASH_BYTES);
    for (const t of this.triggers) this.db.exec(t.sql);
  }
}

function setFtsHashSize(db: Database, bytes: number): void {
  // A literal: FTS5 wants an INTEGER here, and better-sqlite3 binds numbers as REAL.
  db.exec(`INSERT INTO ${CONTACTS_FTS} (${CONTACTS_FTS}, rank) VALUES ('hashsize', ${Math.trunc(bytes)})`);
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

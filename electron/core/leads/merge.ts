/**
 * The save of an import: staged rows (stage.ts) become contacts with set-based SQL, in one
 * IMMEDIATE transaction, so cancelling or failing at any point leaves the database untouched.
 * Rows can be merged in several chunks or all at once after reading (import.ts); either way the
 * transaction commits only in finish().
 */
import type { Database, Statement } from 'better-sqlite3';
import { BulkContactInsert } from './contact-totals';
import type { ImportOptions, ImportReport } from './import-types';
import { resolveListForImport } from './lists';
import type { TextEncoding } from './parse/encoding';
import type { FileFormat } from './parse/sniff';
import type { ImportWarning } from './parse/warnings';
import type { RowCounters } from './rows';
import { stagedKind, stagedPhone } from './stage';

/**
 * SQLite page cache while merging into a table that has contacts: new phones are checked against
 * the phone index all over it. Into an empty table every write appends, and the connection's
 * default cache does as well (a bigger one only holds the same pages longer: 0.05 s slower at a
 * million rows).
 */
const MERGE_CACHE_KIB = 32 * 1024;
/**
 * Page cache while the phone index is rebuilt: the sorter keeps up to cache_size in memory and
 * spills sorted runs to temp files past it. Small runs are also what the helper threads
 * (SORT_THREADS) sort and merge in parallel: at a million rows 2 MB builds the index in 0.35 s,
 * 8 MB in 0.41 s, 32 MB in 0.8 s (one big sort in memory), and the smallest keeps the RSS lowest.
 */
const SORT_CACHE_KIB = 2048;
/**
 * From this many rows, the search entries are left to the catch-up after the commit: they are
 * the largest part of a big import's save (1.7 s of about 4.5 s for a million rows), while below
 * this they take well under 0.1 s and a search finds the contacts through the index at once.
 */
export const DEFER_SEARCH_INDEX_FROM = 50_000;
/**
 * Helper threads for the phone index's sort (SQLite's PRAGMA threads): the reader thread has
 * ended by then, so a core is free; about 0.1 s of 0.7 s at a million rows on two cores.
 */
const SORT_THREADS = 2;
/** From this many rows into an empty table, building the phone index once, sorted, is cheaper. */
export const REBUILD_INDEX_FROM = 20_000;
const PHONE_INDEX = 'contacts_phone_key';

/** What the report says about the file itself. */
export interface SourceMeta {
  format: FileFormat;
  encoding?: TextEncoding;
  sheet?: string;
  fileName?: string;
  warnings: ImportWarning[];
}

/** Reports a save step (percent of the whole import) and throws if the import was cancelled. */
export type SaveStep = (percent: number) => void;

export class ContactMerge {
  private list = { id: 0, name: '' };
  private bulk: BulkContactInsert | null = null;
  /** The phone index's own SQL while it is dropped (a load into an empty table). */
  private phoneIndexSql: string | null = null;
  private maxIdBefore = 0;
  private cacheBefore = 0;
  /** The connection's foreign_keys setting before begin(), put back when the transaction ends. */
  private foreignKeysBefore = 0;
  private insert: Statement | null = null;
  private addToList: Statement | null = null;
  /** Staged rows merged so far: the stage's rowids 1..merged. */
  private merged = 0;
  private imported = 0;

  constructor(
    private readonly db: Database,
    /** Qualified name of the stage table. */
    private readonly stage: string,
    private readonly options: ImportOptions,
    private readonly now = Date.now(),
    private readonly deferIndexFrom = DEFER_SEARCH_INDEX_FROM,
  ) {}

  /**
   * Takes the write lock (BEGIN IMMEDIATE) and prepares the merge: the list, the triggers the
   * bulk insert stands in for (with the search entries deferred from DEFER_SEARCH_INDEX_FROM
   * rows), and, into an empty table with `expectedRows` or more to come, the phone index dropped
   * to be rebuilt once at the end (the stage is deduplicated, so nothing can conflict meanwhile).
   * Foreign keys are off until the transaction ends: every row it writes points at the list it
   * resolves or at contacts it inserts or reads, under the same write lock, so checking a
   * million list memberships (0.3 s) could only find them; the pragma cannot change inside a
   * transaction, hence before BEGIN. Nothing here deletes, so no cascade is skipped.
   */
  begin(sourceName: string, expectedRows: number): void {
    const db = this.db;
    this.cacheBefore = db.pragma('cache_size', { simple: true }) as number;
    this.foreignKeysBefore = db.pragma('foreign_keys', { simple: true }) as number;
    if (this.foreignKeysBefore) db.pragma('foreign_keys = OFF');
    try {
      db.exec('BEGIN IMMEDIATE');
      this.list = resolveListForImport(db, this.options.list, sourceName, this.now);
      this.bulk = BulkContactInsert.start(db, { deferIndex: expectedRows >= this.deferIndexFrom });
      this.maxIdBefore = this.bulk.lastId;
      if (this.maxIdBefore === 0 && expectedRows >= REBUILD_INDEX_FROM) {
        this.phoneIndexSql = db.prepare(`SELECT sql FROM sqlite_schema WHERE type = 'index' AND name = ?`).pluck().get(PHONE_INDEX) as string;
        db.exec(`DROP INDEX ${PHONE_INDEX}`);
      }
      const cacheKib = this.cacheBefore < 0 ? -this.cacheBefore : (this.cacheBefore * 4096) / 1024;
      if (!this.phoneIndexSql && cacheKib < MERGE_CACHE_KIB) db.pragma(`cache_size = -${MERGE_CACHE_KIB}`);
      // File order: contact ids follow the spreadsheet. Phones that already have a contact are
      // skipped here and handled in finish().
      this.insert = db.prepare(
        `INSERT INTO contacts (phone_key, kind, name, first_name, email, fields, status, consent_source, consent_at, created_at, updated_at)
         SELECT ${stagedPhone('s')}, ${stagedKind('s')}, name, first_name, email, coalesce(fields, '{}'), 'active', ?, ?, ?, ?
         FROM ${this.stage} s WHERE rowid > ? AND rowid <= ?` + (this.phoneIndexSql ? '' : ' ON CONFLICT (phone_key) DO NOTHING'),
      );
      this.addToList = db.prepare('INSERT INTO contact_lists (list_id, contact_id) SELECT ?, id FROM contacts WHERE id > ? AND id <= ?');
    } catch (err) {
      this.rollback();
      throw err;
    }
  }

  /**
   * Merges the staged rows up to rowid `through`: new contacts, their search entries, the list.
   * `step` reports each part (a million rows take seconds) and may cancel between them.
   */
  mergeThrough(through: number, step: SaveStep = () => {}): void {
    if (!this.bulk || through <= this.merged) return;
    const o = this.options;
    const n = this.insert!.run(o.consentSource, this.now, this.now, this.now, this.merged, through).changes;
    step(62);
    const from = this.bulk.lastId;
    this.bulk.added(n);
    step(74);
    if (n > 0) this.addToList!.run(this.list.id, from, from + n);
    this.merged = through;
    this.imported += n;
  }

  /**
   * Completes the save after the last mergeThrough(): the phone index, existing contacts (kept
   * or updated; opted-out ones never reactivated), the total and triggers, the import log; then
   * COMMIT. `step` reports progress and throws when cancelled, which rolls everything back.
   */
  finish(src: SourceMeta, c: RowCounters, step: SaveStep, started: number, fileName: string | undefined): ImportReport {
    const db = this.db;
    const bulk = this.bulk;
    if (!bulk) throw new Error('merge not begun');
    try {
      step(84);
      if (this.phoneIndexSql) {
        const threadsBefore = db.pragma('threads', { simple: true }) as number;
        db.pragma(`cache_size = -${SORT_CACHE_KIB}`);
        db.pragma(`threads = ${SORT_THREADS}`);
        try {
          db.exec(this.phoneIndexSql);
        } finally {
          db.pragma(`threads = ${threadsBefore}`);
        }
        db.pragma(`cache_size = ${this.cacheBefore}`);
        this.phoneIndexSql = null;
      }
      bulk.finish();
      step(90);

      const stage = this.stage;
      let optedOut = 0;
      let matched = 0;
      if (this.imported < this.merged) {
        const existingTable = `import_existing_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
        const existing = `temp.${existingTable}`;
        // CROSS JOIN pins the loop order: scan the stage, probe the phone index.
        db.prepare(
          `CREATE TEMP TABLE ${existingTable} AS
           SELECT c.id AS id, c.status AS status, s.rowid AS sid
           FROM ${stage} s CROSS JOIN contacts c ON c.phone_key = ${stagedPhone('s')}
           WHERE c.id <= ${Number(this.maxIdBefore)}`,
        ).run(); // CREATE TABLE ... AS takes no bound parameters
        try {
          optedOut = db.prepare(`SELECT count(*) FROM ${existing} WHERE status = 'opted_out'`).pluck().get() as number;
          matched = db.prepare(`SELECT count(*) FROM ${existing}`).pluck().get() as number;
          step(94);
          if (this.options.onExisting === 'update') {
            // Non-empty cells win; custom fields merge key by key. Status is never touched.
            db.prepare(
              `UPDATE contacts SET
                 name = coalesce(u.name, contacts.name),
                 first_name = CASE WHEN u.name IS NOT NULL THEN u.first_name ELSE contacts.first_name END,
                 email = coalesce(u.email, contacts.email),
                 fields = CASE WHEN u.fields IS NULL THEN contacts.fields ELSE json_patch(contacts.fields, u.fields) END,
                 kind = u.kind,
                 consent_source = coalesce(contacts.consent_source, ?),
                 consent_at = coalesce(contacts.consent_at, ?),
                 updated_at = ?
               FROM (SELECT e.id AS id, s.name AS name, s.first_name AS first_name, s.email AS email, s.fields AS fields, ${stagedKind('s')} AS kind
                     FROM ${existing} e JOIN ${stage} s ON s.rowid = e.sid
                     WHERE e.status <> 'opted_out') AS u
               WHERE contacts.id = u.id`,
            ).run(this.options.consentSource, this.now, this.now);
          }
          step(97);
          db.prepare(`INSERT OR IGNORE INTO contact_lists (list_id, contact_id) SELECT ?, id FROM ${existing} ORDER BY id`).run(this.list.id);
        } finally {
          db.exec(`DROP TABLE IF EXISTS ${existing}`);
        }
      }

      const existingActive = matched - optedOut;
      const report: ImportReport = {
        importId: 0,
        listId: this.list.id,
        listName: this.list.name,
        format: src.format,
        encoding: src.encoding,
        sheet: src.sheet,
        fileName,
        rowsRead: c.rowsRead,
        imported: this.imported,
        updated: this.options.onExisting === 'update' ? existingActive : 0,
        unchanged: this.options.onExisting === 'keep' ? existingActive : 0,
        duplicates: c.duplicates,
        invalid: c.invalid,
        optedOut,
        skippedByFilter: c.skippedByFilter,
        rejected: c.rejected,
        rejectedOmitted: c.rejectedOmitted,
        headers: c.headers,
        warnings: src.warnings,
        durationMs: Date.now() - started,
      };
      report.importId = Number(
        db
          .prepare(`INSERT INTO imports (list_id, file_name, started_at, finished_at, status, report) VALUES (?, ?, ?, ?, 'done', ?)`)
          .run(this.list.id, report.fileName ?? null, started, Date.now(), JSON.stringify(storedReport(report))).lastInsertRowid,
      );
      step(100);
      db.exec('COMMIT');
      this.bulk = null;
      this.restoreConnection();
      return report;
    } catch (err) {
      this.rollback();
      throw err;
    }
  }

  /** Undoes everything since begin(); safe to call more than once. */
  rollback(): void {
    this.bulk = null;
    this.phoneIndexSql = null;
    try {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      this.restoreConnection();
    }
  }

  /** Puts back the page cache and foreign keys begin() changed (after COMMIT or ROLLBACK). */
  private restoreConnection(): void {
    if (!this.db.open) return;
    if (this.cacheBefore !== 0) this.db.pragma(`cache_size = ${this.cacheBefore}`);
    this.cacheBefore = 0;
    if (this.foreignKeysBefore) this.db.pragma('foreign_keys = ON');
    this.foreignKeysBefore = 0;
  }
}

/** The import log keeps the counts and a sample of the rejected rows. */
function storedReport(r: ImportReport): ImportReport {
  const keep = 1000;
  return { ...r, rejected: r.rejected.slice(0, keep), rejectedOmitted: r.rejectedOmitted + Math.max(0, r.rejected.length - keep) };
}

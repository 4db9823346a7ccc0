/**
 * The stage: where an import puts its valid, deduplicated rows while it reads the file, before
 * they are merged into the contacts (merge.ts). A table in a private temporary database attached
 * to the importing connection, so dropping a million staged rows is closing a file (DETACH)
 * instead of walking and freeing every page of a TEMP table (about 40 ms at a million rows).
 */
import type { Database } from 'better-sqlite3';
import { KIND_CODES, STAGE_COLS } from './rows';

/**
 * The layout rows.ts produces, STAGE_COLS values per contact. The phone is its E.164 digits and
 * the kind a code (rows.ts KIND_CODES): numbers, cheaper than strings to carry between threads
 * and to bind, a million times over; stagedPhone() and stagedKind() give them back as text.
 */
const STAGE_COLUMNS = '(phone INTEGER NOT NULL, kind INTEGER NOT NULL, name TEXT, first_name TEXT, email TEXT, fields TEXT)';

/** The staged phone of the row aliased `s` as the contact's phone_key ('+5511987654321'). */
export function stagedPhone(s: string): string {
  return `('+' || ${s}.phone)`;
}

/** The staged kind of the row aliased `s` as the contact's kind. */
export function stagedKind(s: string): string {
  const codes = Object.entries(KIND_CODES).map(([kind, code]) => `WHEN ${Number(code)} THEN '${kind}'`);
  return `(CASE ${s}.kind ${codes.join(' ')} END)`;
}
/** Rows per multi-row INSERT: binding is the cost, not SQLite; more rows per statement gain nothing. */
const STAGE_ROWS_PER_STMT = 64;
/** The stage is written once and read once in order: a bigger page cache would only add RSS. */
const STAGE_CACHE_KIB = 4096;

export interface Stage {
  /** Qualified name of the stage table. */
  table: string;
  /** Detaches the stage's database, which deletes it; safe to call more than once, never throws. */
  discard(): void;
}

/** Attaches a new, empty stage (outside any transaction: SQLite cannot ATTACH inside one). */
export function openStage(db: Database): Stage {
  const schema = `import_stage_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  // An empty file name: a temporary on-disk database, private to this connection.
  db.exec(`ATTACH '' AS ${schema}`);
  let attached = true;
  const discard = () => {
    if (!attached) return;
    attached = false;
    try {
      // A closed connection took the database with it.
      if (db.open) db.exec(`DETACH ${schema}`);
    } catch {
      // Still in use (a failure mid-statement): it goes when the connection closes, and the
      // error that brought us here is the one worth reporting.
    }
  };
  try {
    db.pragma(`${schema}.cache_size = -${STAGE_CACHE_KIB}`);
    db.exec(`CREATE TABLE ${schema}.rows ${STAGE_COLUMNS}`);
  } catch (err) {
    discard();
    throw err;
  }
  return { table: `${schema}.rows`, discard };
}

/**
 * Writes flat batches (STAGE_COLS values per contact) into the stage, one transaction each, and
 * returns how many rows the stage holds after it. Staged rows get rowids 1, 2, 3... in file order.
 */
export function stageWriter(db: Database, table: string): (values: unknown[]) => number {
  const tuple = '(' + Array(STAGE_COLS).fill('?').join(', ') + ')';
  const one = db.prepare(`INSERT INTO ${table} VALUES ${tuple}`);
  const many = db.prepare(`INSERT INTO ${table} VALUES ` + Array(STAGE_ROWS_PER_STMT).fill(tuple).join(', '));
  const chunk = STAGE_ROWS_PER_STMT * STAGE_COLS;
  let rows = 0;
  const write = db.transaction((values: unknown[]) => {
    let k = 0;
    for (; k + chunk <= values.length; k += chunk) many.run(values.slice(k, k + chunk));
    for (; k < values.length; k += STAGE_COLS) one.run(values.slice(k, k + STAGE_COLS));
  });
  return (values) => {
    write(values);
    rows += values.length / STAGE_COLS;
    return rows;
  };
}

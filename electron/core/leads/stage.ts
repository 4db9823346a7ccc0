/**
 * The stage: where an import puts its valid, deduplicated rows while it reads the file, before
 * they are merged into the contacts (merge.ts). A TEMP table of the importing connection.
 */
import type { Database } from 'better-sqlite3';
import { STAGE_COLS } from './rows';

/** The layout rows.ts produces, STAGE_COLS values per contact. */
const STAGE_COLUMNS = '(key TEXT NOT NULL, kind TEXT NOT NULL, name TEXT, first_name TEXT, email TEXT, fields TEXT)';
/** Rows per multi-row INSERT: binding is the cost, not SQLite; more rows per statement gain nothing. */
const STAGE_ROWS_PER_STMT = 64;

export function createStageTable(db: Database, table: string): void {
  db.exec(`CREATE TABLE ${table} ${STAGE_COLUMNS}`);
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

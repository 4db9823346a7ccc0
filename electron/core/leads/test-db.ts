// Test helper: a fresh WAL database with the whole schema in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from '../db/migrations';
import { migrate } from '../db/migrate';

export interface TestDb {
  db: Database.Database;
  file: string;
  dir: string;
  cleanup(): void;
}

export function tempDir(prefix = 'recado-leads-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTestDb(dir = tempDir()): TestDb {
  const file = path.join(dir, 'test.db');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations, file);
  return {
    db,
    file,
    dir,
    cleanup() {
      if (db.open) db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function countContacts(db: Database.Database): number {
  return db.prepare('SELECT count(*) FROM contacts').pluck().get() as number;
}

/** The kept total (migration 0009) next to a real count, for tests that check they agree. */
export function contactTotals(db: Database.Database): { kept: number; counted: number; trigger: boolean } {
  return {
    kept: db.prepare('SELECT total FROM contact_totals WHERE id = 1').pluck().get() as number,
    counted: countContacts(db),
    trigger: db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = 'contacts_total_insert'`).get() !== undefined,
  };
}

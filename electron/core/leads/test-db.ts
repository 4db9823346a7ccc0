// Test helper: a fresh WAL database with the contacts schema (and its kept total) in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migration0002 } from '../db/migrations/0002_contacts';
import { migration0009 } from '../db/migrations/0009_contact_totals';
import { migration0010 } from '../db/migrations/0010_contact_search';

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
  db.transaction(() => {
    migration0002.up(db);
    migration0009.up(db);
    migration0010.up(db);
  })();
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

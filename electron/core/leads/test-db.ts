// Test helper: a fresh WAL database with the contacts schema in a temp dir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migration0002 } from '../db/migrations/0002_contacts';

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
  db.transaction(() => migration0002.up(db))();
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

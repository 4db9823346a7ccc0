import path from 'node:path';
import Database from 'better-sqlite3';
import { migrations } from './migrations';
import { assertSupportedVersion, latestVersion, migrate, type MigrateResult } from './migrate';
import { StoreError } from './errors';
import { createPrivateFile, makeDataDirPrivate, restrictNewFiles } from '../private-files';

export type Db = Database.Database;

export interface OpenedStore {
  db: Db;
  migration: MigrateResult;
}

export const DATABASE_FILE = 'recado.db';

/**
 * Opens (creating if needed) the app database with the pragmas the whole core relies on. Every
 * process that works on a data folder comes through here, so it is also where the folder is
 * made private (0700, files 0600; see private-files.ts).
 */
export function openStore(dataDir: string): OpenedStore {
  restrictNewFiles();
  makeDataDirPrivate(dataDir);
  const file = path.join(dataDir, DATABASE_FILE);
  // SQLite gives the WAL and shared-memory files the database file's mode.
  try {
    createPrivateFile(file);
  } catch {
    // A read-only folder: opening the database explains it.
  }
  const db = openDatabaseFile(file);
  try {
    const migration = migrate(db, migrations, file);
    return { db, migration };
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Same pragmas, for a caller that manages migrations itself (worker threads, tests). */
export function openDatabaseFile(file: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly ?? false });
  } catch (err) {
    throw new StoreError(
      'store.open_failed',
      `Não foi possível abrir o banco de dados em ${file}. Verifique se a pasta existe e se você tem permissão de escrita.`,
      { cause: (err as Error).message },
      { file },
    );
  }
  let version: number;
  try {
    // Probe first, read-only: a file that is not SQLite fails here, not deep inside a migration.
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (err) {
    db.close();
    throw new StoreError(
      'store.not_a_database',
      `O arquivo ${path.basename(file)} não é um banco de dados do Recado válido ou está corrompido.`,
      { cause: (err as Error).message },
      { file: path.basename(file) },
    );
  }
  try {
    // Before any pragma that writes (WAL rewrites the header), refuse files from a newer app.
    assertSupportedVersion(version, latestVersion(migrations));
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** For callers (worker threads, tests) that expect the migrated database by path. */
export function openDatabase(file: string): Db {
  const db = openDatabaseFile(file);
  try {
    migrate(db, migrations, file);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

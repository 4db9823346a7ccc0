import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations/types';
import { StoreError } from './errors';

export interface MigrateResult {
  from: number;
  to: number;
  backupFile: string | null;
}

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Brings the database up to the newest schema. Each step runs in its own transaction and
 * bumps user_version inside it, so a failure leaves the file at the last good step.
 * A file written by a newer Recado is refused rather than half-understood.
 */
export function migrate(db: Database, list: readonly Migration[], file: string | null): MigrateResult {
  assertOrdered(list);
  const target = latestVersion(list);
  const from = schemaVersion(db);
  assertSupportedVersion(from, target);
  if (from === target) return { from, to: target, backupFile: null };

  const backupFile = from > 0 && file ? backupBeforeMigration(db, file, from) : null;
  for (const step of list) {
    if (step.version <= from) continue;
    db.transaction(() => {
      step.up(db);
      db.pragma(`user_version = ${step.version}`);
    })();
  }
  return { from, to: target, backupFile };
}

export function latestVersion(list: readonly Migration[]): number {
  return list.length === 0 ? 0 : list[list.length - 1].version;
}

export function assertSupportedVersion(found: number, supported: number): void {
  if (found > supported) {
    throw new StoreError(
      'store.future_version',
      `Este banco de dados foi criado por uma versão mais nova do Recado (esquema ${found}; esta versão entende até ${supported}). Atualize o Recado para abri-lo.`,
      { found, supported },
      { found, supported },
    );
  }
}

function assertOrdered(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration list out of order at ${m.name}: expected version ${i + 1}`);
  });
}

/** A consistent copy (VACUUM INTO) next to the database, named after the version it holds. */
function backupBeforeMigration(db: Database, file: string, version: number): string {
  const dir = path.join(path.dirname(file), 'backups');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(dir, `${path.basename(file, '.db')}-v${version}-${stamp}.db`);
  db.prepare('VACUUM INTO ?').run(target);
  return target;
}

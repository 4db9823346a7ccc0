import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';
import { ATTACHMENTS_DIR } from '../backup/create-backup';
import { BackupError } from '../backup/errors';

/**
 * "Apagar todos os dados": empties every table of the user's business data (contacts, lists,
 * tags, imports, numbers, campaigns and all their history, whatever tables exist at run time)
 * and the attachment files. The caller takes a backup first.
 *
 * Kept, on purpose:
 * - `settings` (language, business name, preferences: not personal data of anyone contacted),
 * - `secrets` (the AI key; clearable on its own in Configurações),
 * - license tables (`license*`): wiping them would lock the user out of the app they paid for.
 *
 * The database is vacuumed afterwards so deleted rows do not linger in free pages.
 */

export const KEPT_TABLES = ['settings', 'secrets'];

export function isKeptTable(name: string): boolean {
  return KEPT_TABLES.includes(name) || name.startsWith('license') || name.startsWith('sqlite_');
}

/** Refuses while a campaign is sending: its engine would write into rows being removed. */
export function assertNothingRunning(db: Db): void {
  const hasCampaigns = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'campaigns'").get();
  if (!hasCampaigns) return;
  const running = (db.prepare("SELECT count(*) AS n FROM campaigns WHERE status = 'running'").get() as { n: number }).n;
  if (running > 0) {
    throw new BackupError('backup.campaigns_running', 'Há campanhas enviando agora. Pause todas as campanhas antes de apagar os dados.', { running });
  }
}

/** Deletes the rows; returns how many were removed per table. */
export function deleteAllData(db: Db, dataDir: string): Record<string, number> {
  const all = db
    .prepare<[], { name: string; sql: string | null }>("SELECT name, sql FROM sqlite_master WHERE type = 'table'")
    .all()
    .filter((t) => !isKeptTable(t.name));
  const isVirtual = (t: { sql: string | null }) => /^CREATE VIRTUAL TABLE/i.test(t.sql ?? '');
  const virtual = all.filter(isVirtual).map((t) => t.name);
  // Shadow tables of a virtual table (FTS) are emptied through it.
  const tables = all.filter((t) => !isVirtual(t) && !virtual.some((v) => t.name.startsWith(`${v}_`))).map((t) => t.name);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const deleted: Record<string, number> = {};
  db.transaction(() => {
    // Foreign keys are checked at commit, when every table is empty, so the order does not matter.
    db.pragma('defer_foreign_keys = ON');
    for (const name of tables) deleted[name] = db.prepare(`DELETE FROM ${quote(name)}`).run().changes;
    // Last, since the tables' triggers update them: an FTS5 index (contentless ones refuse a
    // plain DELETE) is emptied with its 'delete-all' command, anything else with DELETE.
    for (const name of virtual) {
      const fts5 = /USING\s+fts5/i.test(all.find((t) => t.name === name)?.sql ?? '');
      deleted[name] = fts5 ? (db.prepare(`INSERT INTO ${quote(name)} (${quote(name)}) VALUES ('delete-all')`).run(), 0) : db.prepare(`DELETE FROM ${quote(name)}`).run().changes;
    }
  })();
  fs.rmSync(path.join(dataDir, ATTACHMENTS_DIR), { recursive: true, force: true });
  try {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Another statement is mid-read: the rows are gone anyway; free pages are reused later.
  }
  return deleted;
}

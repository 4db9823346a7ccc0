import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BackupManifest } from '../../../shared/api/methods/data';
import { DATABASE_FILE } from '../db/open';
import { LOCK_FILE } from '../lock';
import { ATTACHMENTS_DIR, BACKUPS_DIR, stamp } from './create-backup';
import { inspectBackup, type InspectOptions } from './inspect-backup';
import { MANIFEST_ENTRY, parseManifest } from './manifest';

/**
 * Restore in two steps, because the running core cannot swap the database under its own
 * feet (every capability holds the open connection):
 *
 * 1. `stageRestore` (while the app runs, or from the CLI): validate the backup completely and
 *    extract it into `<dataDir>/restore-pending/`. The manifest is written last, as the marker
 *    that staging finished. Nothing of the current data is touched.
 * 2. `applyPendingRestore` (at the next start, before the database opens, only by the process
 *    holding the data-dir lock): move the current database and attachments to
 *    `backups/before-restore-<stamp>/`, move the staged ones in, and record the outcome in
 *    `restore-result.json`. Only renames on the same disk, so it is quick and synchronous;
 *    any failure puts the previous files back.
 *
 * The CLI (`recado restore FILE`) runs both steps at once while no Recado holds the lock.
 */

export const PENDING_DIR = 'restore-pending';
export const RESULT_FILE = 'restore-result.json';
const DB_SIDE_FILES = [DATABASE_FILE, `${DATABASE_FILE}-wal`, `${DATABASE_FILE}-shm`];

export interface RestoreOutcome {
  at: number;
  ok: boolean;
  /** pt-BR, shown once as a notification and in Configurações. */
  message: string;
  /** Where the replaced data was kept. */
  previousDataDir: string | null;
  manifest: BackupManifest | null;
  /**
   * Set by a successful restore until the campaign engine has reconciled the restored database
   * with the send journal (which a restore never replaces) and paused the campaigns that were
   * running. Absent in outcomes written before the journal existed.
   */
  reconcilePending?: boolean;
}

/** Validates `file` and stages it for the next start. Replaces an earlier staged restore. */
export async function stageRestore(dataDir: string, file: string, options: InspectOptions = {}): Promise<BackupManifest> {
  const backups = path.join(dataDir, BACKUPS_DIR);
  fs.mkdirSync(backups, { recursive: true });
  const work = fs.mkdtempSync(path.join(backups, '.restore-'));
  try {
    const inspected = await inspectBackup(file, work, options);
    fs.writeFileSync(path.join(work, MANIFEST_ENTRY), JSON.stringify(inspected.manifest, null, 2), { mode: 0o600 });
    const pending = path.join(dataDir, PENDING_DIR);
    fs.rmSync(pending, { recursive: true, force: true });
    fs.renameSync(work, pending);
    return inspected.manifest;
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    throw err;
  }
}

/** The staged restore's manifest, or null when none is complete. */
export function pendingRestore(dataDir: string): BackupManifest | null {
  try {
    return parseManifest(fs.readFileSync(path.join(dataDir, PENDING_DIR, MANIFEST_ENTRY)));
  } catch {
    return null;
  }
}

export function cancelPendingRestore(dataDir: string): void {
  fs.rmSync(path.join(dataDir, PENDING_DIR), { recursive: true, force: true });
}

export function lastRestoreOutcome(dataDir: string): RestoreOutcome | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dataDir, RESULT_FILE), 'utf8')) as RestoreOutcome;
  } catch {
    return null;
  }
}

/** True when a restore was applied and the engine has not reconciled it with the send journal yet. */
export function restoreAwaitingReconcile(dataDir: string): boolean {
  const outcome = lastRestoreOutcome(dataDir);
  return outcome?.ok === true && outcome.reconcilePending === true;
}

/** The engine reconciled the restored database (the outcome's other fields are kept). */
export function markRestoreReconciled(dataDir: string): void {
  const outcome = lastRestoreOutcome(dataDir);
  if (!outcome?.reconcilePending) return;
  writeOutcome(dataDir, { ...outcome, reconcilePending: false });
}

/** True when the data-dir lock file names this process: only the lock holder may swap files. */
export function holdsDataDirLock(dataDir: string): boolean {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as { pid?: unknown };
    return info.pid === process.pid;
  } catch {
    return false;
  }
}

function sha256Sync(file: string): string {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    let n: number;
    while ((n = fs.readSync(fd, buf, 0, buf.length, null)) > 0) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function writeOutcome(dataDir: string, outcome: RestoreOutcome): RestoreOutcome {
  fs.writeFileSync(path.join(dataDir, RESULT_FILE), JSON.stringify(outcome, null, 2), { mode: 0o600 });
  return outcome;
}

function describe(manifest: BackupManifest): string {
  const d = new Date(manifest.createdAt);
  return Number.isNaN(d.getTime()) ? manifest.createdAt : d.toLocaleString('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
}

/**
 * Applies a staged restore, if any. Call before the database opens. Returns null when there
 * is nothing to do or this process does not hold the lock (e.g. `recado info` beside a running app).
 */
export function applyPendingRestore(dataDir: string, options: { now?: () => number; requireLock?: boolean } = {}): RestoreOutcome | null {
  const staged = path.join(dataDir, PENDING_DIR);
  if (!fs.existsSync(staged)) return null;
  if ((options.requireLock ?? true) && !holdsDataDirLock(dataDir)) return null;
  const now = options.now?.() ?? Date.now();
  const manifest = pendingRestore(dataDir);
  const stagedDb = path.join(staged, DATABASE_FILE);
  if (!manifest || !fs.existsSync(stagedDb) || fs.statSync(stagedDb).size !== manifest.database.bytes || sha256Sync(stagedDb) !== manifest.database.sha256) {
    // Staging never finished (the app closed mid-way) or the files changed since: drop it.
    fs.rmSync(staged, { recursive: true, force: true });
    return writeOutcome(dataDir, {
      at: now,
      ok: false,
      message: 'A restauração do backup não foi concluída porque os arquivos preparados estavam incompletos. Seus dados atuais não foram alterados; tente restaurar de novo.',
      previousDataDir: null,
      manifest,
    });
  }

  const keep = path.join(dataDir, BACKUPS_DIR, `before-restore-${stamp(new Date(now))}`);
  fs.mkdirSync(keep, { recursive: true });
  const movedOut: Array<[string, string]> = [];
  const movedIn: string[] = [];
  try {
    for (const name of [...DB_SIDE_FILES, ATTACHMENTS_DIR]) {
      const from = path.join(dataDir, name);
      if (!fs.existsSync(from)) continue;
      const to = path.join(keep, name);
      fs.renameSync(from, to);
      movedOut.push([from, to]);
    }
    fs.renameSync(stagedDb, path.join(dataDir, DATABASE_FILE));
    movedIn.push(path.join(dataDir, DATABASE_FILE));
    const stagedAttachments = path.join(staged, ATTACHMENTS_DIR);
    if (fs.existsSync(stagedAttachments)) {
      fs.renameSync(stagedAttachments, path.join(dataDir, ATTACHMENTS_DIR));
      movedIn.push(path.join(dataDir, ATTACHMENTS_DIR));
    }
  } catch (err) {
    // Put everything back as it was.
    for (const p of movedIn) fs.rmSync(p, { recursive: true, force: true });
    for (const [from, to] of movedOut.reverse()) {
      try {
        fs.renameSync(to, from);
      } catch {
        // Left in `keep`; the message says where.
      }
    }
    fs.rmSync(staged, { recursive: true, force: true });
    return writeOutcome(dataDir, {
      at: now,
      ok: false,
      message: `Não foi possível restaurar o backup (${(err as NodeJS.ErrnoException).code ?? 'erro de arquivo'}). Seus dados atuais foram mantidos. Verifique o espaço em disco e as permissões da pasta e tente de novo.`,
      previousDataDir: keep,
      manifest,
    });
  }
  fs.writeFileSync(path.join(keep, 'LEIA-ME.txt'), `Dados do Recado substituídos pela restauração do backup de ${describe(manifest)}.\r\nPara voltar a eles, restaure um backup feito antes dessa data ou peça ajuda ao suporte.\r\n`);
  fs.rmSync(staged, { recursive: true, force: true });
  return writeOutcome(dataDir, {
    at: now,
    ok: true,
    message: `Backup de ${describe(manifest)} restaurado. Os dados que estavam no Recado antes foram guardados em ${keep}.`,
    previousDataDir: keep,
    manifest,
    reconcilePending: true,
  });
}

import fs from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/**
 * The data folder holds personal data (contacts, messages, WhatsApp sessions): on Linux and
 * macOS it is 0700 and everything Recado writes in it 0600, whatever the user's umask. Windows
 * ignores POSIX modes; the per-user profile folder protects the data there.
 */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** What Recado keeps in a data folder; anything else in it (a folder chosen with --data-dir) is left alone. */
const OWN_FILES = /^(recado\.db(-wal|-shm|-journal)?|secret\.key(\.safe)?|recado\.lock|license-clock\.json|restore-result\.json)$/;
const OWN_DIRS = new Set(['backups', 'exports', 'tmp', 'logs', 'attachments', 'simulator', 'restore-pending']);

const posix = process.platform !== 'win32';

/**
 * Files this process creates from now on are private (umask 077): the database's WAL and
 * journal, backups, exports, uploads, logs, temporary files. Process-wide, so it also covers
 * what libraries write; a no-op in worker threads (they share the process's umask).
 */
export function restrictNewFiles(): void {
  if (!posix || !isMainThread) return;
  try {
    process.umask(process.umask() | 0o077);
  } catch {
    // Not allowed here: the explicit modes below still apply.
  }
}

/** Creates the data folder (0700) if needed and tightens what an older version left readable. */
export function makeDataDirPrivate(dataDir: string): void {
  fs.mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (!posix) return;
  chmod(dataDir, PRIVATE_DIR_MODE);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dataDir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dataDir, e.name);
    if (e.isFile() && OWN_FILES.test(e.name)) chmod(p, PRIVATE_FILE_MODE);
    else if (e.isDirectory() && OWN_DIRS.has(e.name)) tightenTree(p);
  }
}

/** Creates a file that does not exist yet as 0600 (before a library opens it with its own mode). */
export function createPrivateFile(file: string): void {
  try {
    fs.closeSync(fs.openSync(file, 'wx', PRIVATE_FILE_MODE));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

function tightenTree(dir: string): void {
  chmod(dir, PRIVATE_DIR_MODE);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) tightenTree(p);
    else if (e.isFile()) chmod(p, PRIVATE_FILE_MODE);
  }
}

function chmod(p: string, mode: number): void {
  try {
    if ((fs.statSync(p).mode & 0o777) !== mode) fs.chmodSync(p, mode);
  } catch {
    // Owned by someone else or gone meanwhile: nothing we can do, nothing to report.
  }
}

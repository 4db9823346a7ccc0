import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupManifest } from '../../../shared/api/methods/data';
import type { Db } from '../db/open';
import { APP_VERSION } from '../version';
import { ATTACHMENTS_PREFIX, BACKUP_FORMAT, BACKUP_FORMAT_VERSION, DATABASE_ENTRY, MANIFEST_ENTRY } from './manifest';
import { BackupError } from './errors';
import { ZipFileWriter } from './zip/zip-writer';

/**
 * One backup = one zip: manifest.json, a consistent copy of the database taken with SQLite's
 * online backup API (it copies a few pages per event-loop turn, so campaigns keep sending and
 * their writes through the same connection land in the copy), and the attachment files.
 */

export type BackupKind = BackupManifest['kind'];
export type BackupPhase = 'database' | 'attachments' | 'packing' | 'done';

export interface CreateBackupOptions {
  db: Db;
  dataDir: string;
  /** Final path of the zip; written as `<target>.partial` and renamed when complete. */
  target: string;
  kind: BackupKind;
  onProgress?(phase: BackupPhase, percent: number): void;
  /** Pages copied per step of the online backup (about 4 MB at the default page size). */
  pagesPerStep?: number;
  now?(): Date;
}

export interface CreatedBackup {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

export const ATTACHMENTS_DIR = 'attachments';
export const BACKUPS_DIR = 'backups';

/** Files under `dir`, relative with forward slashes; symlinks are skipped (they could point anywhere). */
export function listFiles(dir: string): Array<{ rel: string; abs: string; bytes: number }> {
  const out: Array<{ rel: string; abs: string; bytes: number }> = [];
  const walk = (abs: string, rel: string) => {
    let items: fs.Dirent[];
    try {
      items = fs.readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    for (const item of items) {
      const a = path.join(abs, item.name);
      const r = rel ? `${rel}/${item.name}` : item.name;
      if (item.isDirectory()) walk(a, r);
      else if (item.isFile()) out.push({ rel: r, abs: a, bytes: fs.statSync(a).size });
    }
  };
  walk(dir, '');
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}

/** Bytes a backup may need while it runs: the database copy plus the attachments, zipped. */
export function estimateBackupBytes(dbFile: string, dataDir: string): number {
  const size = (f: string) => {
    try {
      return fs.statSync(f).size;
    } catch {
      return 0;
    }
  };
  const db = size(dbFile) + size(`${dbFile}-wal`);
  const attachments = listFiles(path.join(dataDir, ATTACHMENTS_DIR)).reduce((n, f) => n + f.bytes, 0);
  // Temporary copy + the zip (compressed database, stored attachments).
  return db * 2 + attachments;
}

export async function sha256File(file: string): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Rows per user table, for the manifest and the restore preview. */
export function tableCounts(db: Db): Record<string, number> {
  const virtual = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'").pluck().all();
  // A virtual table's shadow tables (the search index's) are internals, not user data.
  const tables = db
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name")
    .all()
    .filter((t) => !virtual.some((v) => t.name.startsWith(`${v}_`)));
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    counts[name] = (db.prepare(`SELECT count(*) AS n FROM "${name.replace(/"/g, '""')}"`).get() as { n: number }).n;
  }
  return counts;
}

const QUICK_CHECK_MAX_BYTES = 64 * 1024 * 1024;

const STORED_EXTENSIONS = /\.(jpe?g|png|gif|webp|mp4|mov|mp3|ogg|opus|m4a|aac|zip|gz|pdf|docx|xlsx|pptx)$/i;

export function stamp(d: Date): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

export async function createBackup(options: CreateBackupOptions): Promise<CreatedBackup> {
  const now = options.now?.() ?? new Date();
  const progress = options.onProgress ?? (() => {});
  const workRoot = path.join(options.dataDir, BACKUPS_DIR);
  fs.mkdirSync(workRoot, { recursive: true });
  const work = fs.mkdtempSync(path.join(workRoot, '.work-'));
  const partial = `${options.target}.partial`;
  let writer: ZipFileWriter | null = null;
  try {
    // 1. The database, copied page by page between event-loop turns.
    const copy = path.join(work, DATABASE_ENTRY);
    progress('database', 0);
    await options.db.backup(copy, {
      progress: ({ totalPages, remainingPages }) => {
        progress('database', totalPages ? Math.floor(((totalPages - remainingPages) / totalPages) * 100) : 0);
        return options.pagesPerStep ?? 1024;
      },
    });
    // The backup is a snapshot of this instant: writes from here on belong to the next one.
    progress('database', 100);

    // 2. Check the copy and describe it. Rollback-journal mode makes it one self-contained file.
    const check = new Database(copy);
    let schemaVersion: number;
    let counts: Record<string, number>;
    try {
      check.pragma('journal_mode = DELETE');
      // quick_check is synchronous: on a large copy it would stall the send loop for seconds, so
      // it runs on small ones only (the copy is consistent by construction; restore checks fully).
      if (fs.statSync(copy).size <= QUICK_CHECK_MAX_BYTES) {
        const verdict = check.pragma('quick_check', { simple: true });
        if (verdict !== 'ok') throw new BackupError('backup.failed', 'A cópia do banco de dados saiu com defeito e o backup foi cancelado. Tente de novo.', { verdict });
      }
      schemaVersion = check.pragma('user_version', { simple: true }) as number;
      counts = tableCounts(check);
    } finally {
      check.close();
    }
    const dbBytes = fs.statSync(copy).size;
    const sha256 = await sha256File(copy);

    progress('attachments', 0);
    const attachments = listFiles(path.join(options.dataDir, ATTACHMENTS_DIR));
    const attachmentBytes = attachments.reduce((n, f) => n + f.bytes, 0);
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      appVersion: APP_VERSION,
      schemaVersion,
      createdAt: now.toISOString(),
      kind: options.kind,
      counts,
      attachments: { files: attachments.length, bytes: attachmentBytes },
      database: { bytes: dbBytes, sha256 },
    };

    // 3. Pack: manifest first (restore reads it before anything else), then the data.
    fs.mkdirSync(path.dirname(options.target), { recursive: true });
    writer = await ZipFileWriter.create(partial);
    await writer.addBuffer(MANIFEST_ENTRY, JSON.stringify(manifest, null, 2), { mtime: now });
    progress('packing', 0);
    await writer.addFile(DATABASE_ENTRY, copy, { mtime: now });
    const total = dbBytes + attachmentBytes || 1;
    let done = dbBytes;
    progress('packing', Math.round((done / total) * 100));
    for (const f of attachments) {
      await writer.addFile(ATTACHMENTS_PREFIX + f.rel, f.abs, { compress: !STORED_EXTENSIONS.test(f.rel) });
      done += f.bytes;
      progress('packing', Math.round((done / total) * 100));
    }
    await writer.close();
    writer = null;
    fs.renameSync(partial, options.target);
    progress('done', 100);
    return { file: options.target, bytes: fs.statSync(options.target).size, manifest };
  } catch (err) {
    await writer?.abort();
    fs.rmSync(partial, { force: true });
    throw err;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

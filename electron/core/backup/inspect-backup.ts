import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { BackupManifest } from '../../../shared/api/methods/data';
import { latestVersion } from '../db/migrate';
import { migrations } from '../db/migrations';
import { ATTACHMENTS_PREFIX, DATABASE_ENTRY, MANIFEST_ENTRY, parseManifest } from './manifest';
import { sha256File } from './create-backup';
import { BackupError } from './errors';
import { ZipFormatError, ZipReader } from './zip/zip-reader';

/**
 * Everything a restore checks before it touches the user's data: the zip structure, the
 * manifest, a version not from the future, each entry's CRC, the database's checksum and
 * `PRAGMA integrity_check` on the extracted copy. Extracts into `into` (created; the caller
 * removes it).
 */

export interface InspectOptions {
  /** Newest schema this Recado understands. */
  supportedSchemaVersion?: number;
  /** Called with the bytes the extraction needs, before writing anything (disk-space check). */
  beforeExtract?(bytes: number): void;
}

export interface InspectedBackup {
  manifest: BackupManifest;
  dir: string;
  dbFile: string;
  attachmentsDir: string | null;
}

const CORRUPT = 'O backup está danificado (o banco de dados dentro dele não passou na verificação de integridade) e não pode ser restaurado. Use outro arquivo de backup.';

/** Reads and checks the manifest only (fast; no extraction). */
export async function readBackupManifest(file: string, supportedSchemaVersion = latestVersion(migrations)): Promise<BackupManifest> {
  const zip = await openZip(file);
  try {
    return await manifestOf(zip, supportedSchemaVersion);
  } finally {
    await zip.close();
  }
}

async function openZip(file: string): Promise<ZipReader> {
  try {
    return await ZipReader.open(file);
  } catch (err) {
    if (err instanceof ZipFormatError) throw err;
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new BackupError('backup.not_a_zip', `O arquivo de backup não foi encontrado: ${file}`, undefined, { variant: 'missing', file });
    throw err;
  }
}

async function manifestOf(zip: ZipReader, supported: number): Promise<BackupManifest> {
  if (!zip.get(MANIFEST_ENTRY)) {
    throw new BackupError('backup.not_a_backup', 'Este arquivo .zip não é um backup do Recado (falta a descrição do backup, manifest.json).');
  }
  const manifest = parseManifest(await zip.readBuffer(MANIFEST_ENTRY));
  if (manifest.schemaVersion > supported) {
    throw new BackupError(
      'backup.future_version',
      `Este backup foi feito pelo Recado ${manifest.appVersion}, mais novo que esta versão, e não pode ser restaurado aqui. Atualize o Recado e tente de novo.`,
      { schemaVersion: manifest.schemaVersion, supported },
    );
  }
  const db = zip.get(DATABASE_ENTRY);
  if (!db) throw new BackupError('backup.corrupt', 'O backup está incompleto (falta o banco de dados) e não pode ser restaurado.');
  if (db.size !== manifest.database.bytes) throw new BackupError('backup.corrupt', CORRUPT, { reason: 'size' });
  return manifest;
}

export async function inspectBackup(file: string, into: string, options: InspectOptions = {}): Promise<InspectedBackup> {
  const supported = options.supportedSchemaVersion ?? latestVersion(migrations);
  const zip = await openZip(file);
  try {
    const manifest = await manifestOf(zip, supported);
    const attachmentEntries = [...zip.entries.values()].filter((e) => e.name.startsWith(ATTACHMENTS_PREFIX) && !e.isDirectory);
    options.beforeExtract?.(zip.get(DATABASE_ENTRY)!.size + attachmentEntries.reduce((n, e) => n + e.size, 0));

    fs.mkdirSync(into, { recursive: true });
    const dbFile = path.join(into, DATABASE_ENTRY);
    try {
      await zip.extractTo(DATABASE_ENTRY, dbFile);
    } catch (err) {
      if (err instanceof ZipFormatError) throw new BackupError('backup.corrupt', CORRUPT, { reason: err.reason });
      throw err;
    }
    if ((await sha256File(dbFile)) !== manifest.database.sha256) throw new BackupError('backup.corrupt', CORRUPT, { reason: 'checksum' });
    checkDatabase(dbFile, manifest, supported);

    let attachmentsDir: string | null = null;
    if (attachmentEntries.length > 0) {
      attachmentsDir = path.join(into, 'attachments');
      for (const e of attachmentEntries) {
        try {
          await zip.extractTo(e.name, path.join(attachmentsDir, ...e.name.slice(ATTACHMENTS_PREFIX.length).split('/')));
        } catch (err) {
          if (err instanceof ZipFormatError) throw new BackupError('backup.corrupt', 'Um dos anexos dentro do backup está danificado; o backup não pode ser restaurado. Use outro arquivo de backup.', { reason: err.reason });
          throw err;
        }
      }
    }
    return { manifest, dir: into, dbFile, attachmentsDir };
  } finally {
    await zip.close();
  }
}

function checkDatabase(dbFile: string, manifest: BackupManifest, supported: number): void {
  let db: Database.Database;
  try {
    db = new Database(dbFile, { fileMustExist: true });
  } catch {
    throw new BackupError('backup.corrupt', CORRUPT, { reason: 'open' });
  }
  try {
    let rows: Array<{ integrity_check: string }>;
    let version: number;
    try {
      rows = db.pragma('integrity_check(20)') as Array<{ integrity_check: string }>;
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      throw new BackupError('backup.corrupt', CORRUPT, { reason: (err as Error).message.slice(0, 200) });
    }
    if (rows.length !== 1 || rows[0].integrity_check !== 'ok') {
      throw new BackupError('backup.corrupt', CORRUPT, { problems: rows.slice(0, 5).map((r) => r.integrity_check) });
    }
    if (version > supported) {
      throw new BackupError('backup.future_version', 'Este backup foi feito por uma versão mais nova do Recado e não pode ser restaurado por esta. Atualize o Recado e tente de novo.', {
        schemaVersion: version,
        supported,
      });
    }
    if (version !== manifest.schemaVersion) throw new BackupError('backup.corrupt', CORRUPT, { reason: 'schema version mismatch' });
  } finally {
    db.close();
  }
}

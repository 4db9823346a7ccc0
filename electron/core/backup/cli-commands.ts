import fs from 'node:fs';
import path from 'node:path';
import { DATABASE_FILE, openDatabaseFile } from '../db/open';
import { acquireDataDirLock, DataDirLockedError } from '../lock';
import { formatBytes, StorageHealth } from '../storage-health/storage-health';
import { storageErrorFrom } from '../storage-health/storage-errors';
import { createBackup, estimateBackupBytes } from './create-backup';
import { applyPendingRestore, stageRestore } from './restore';
import { plural } from '../../../shared/i18n/plural';

/**
 * `recado backup FILE` and `recado restore FILE`. Backup works beside a running app (the online
 * backup API reads a consistent snapshot); restore refuses while any Recado holds the data dir.
 * Both return the process exit code and print pt-BR for the user.
 */

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const consoleIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l) };

function messageOf(err: unknown): string {
  const storage = storageErrorFrom(err);
  if (storage) return storage.message;
  const coded = err as { code?: unknown; message?: unknown };
  if (typeof coded.code === 'string' && /^[a-z]+\.[a-z_.]+$/.test(coded.code) && typeof coded.message === 'string') return coded.message;
  return `Erro inesperado: ${(err as Error)?.message ?? String(err)}`;
}

export async function cliBackup(dataDir: string, file: string | undefined, io: CliIo = consoleIo): Promise<number> {
  if (!file) {
    io.err('Uso: recado backup ARQUIVO.zip [--data-dir DIR]');
    return 2;
  }
  const dbFile = path.join(dataDir, DATABASE_FILE);
  if (!fs.existsSync(dbFile)) {
    io.err(`Não há dados do Recado em ${dataDir}. Confira a pasta com --data-dir.`);
    return 1;
  }
  const target = path.resolve(file.toLowerCase().endsWith('.zip') ? file : `${file}.zip`);
  let db;
  try {
    new StorageHealth(dataDir).assertWritable(estimateBackupBytes(dbFile, dataDir), 'o backup');
    // No migrations here: a backup must copy the database exactly as it is.
    db = openDatabaseFile(dbFile);
    const result = await createBackup({ db, dataDir, target, kind: 'cli' });
    const c = result.manifest.counts;
    io.out(`Backup salvo em ${result.file} (${formatBytes(result.bytes)}).`);
    io.out(`Contatos: ${c.contacts ?? 0} · listas: ${c.lists ?? 0} · campanhas: ${c.campaigns ?? 0} · anexos: ${result.manifest.attachments.files}.`);
    return 0;
  } catch (err) {
    io.err(`O backup não foi feito. ${messageOf(err)}`);
    return 1;
  } finally {
    db?.close();
  }
}

export async function cliRestore(dataDir: string, file: string | undefined, io: CliIo = consoleIo): Promise<number> {
  if (!file) {
    io.err('Uso: recado restore ARQUIVO.zip [--data-dir DIR]');
    return 2;
  }
  let lock: { release(): void };
  try {
    lock = acquireDataDirLock(dataDir, { mode: 'cli' });
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      const h = err.holder;
      io.err(
        `Não é possível restaurar enquanto o Recado está aberto usando ${dataDir} (processo ${h.pid}${h.url ? `, em ${h.url}` : ''}). ` +
          'Feche o Recado (ou pare o "recado serve" com Ctrl+C) e rode este comando de novo.',
      );
      return 1;
    }
    io.err(`A restauração não foi feita. ${messageOf(err)}`);
    return 1;
  }
  try {
    const source = path.resolve(file);
    const health = new StorageHealth(dataDir);
    const manifest = await stageRestore(dataDir, source, { beforeExtract: (bytes) => health.assertWritable(bytes, 'a restauração') });
    io.out(`Backup válido: feito em ${manifest.createdAt} pelo Recado ${manifest.appVersion} (${plural(manifest.counts.contacts ?? 0, 'contato', 'contatos')}).`);
    const outcome = applyPendingRestore(dataDir);
    if (!outcome?.ok) {
      io.err(outcome?.message ?? 'A restauração não foi concluída. Seus dados atuais não foram alterados.');
      return 1;
    }
    io.out(outcome.message);
    return 0;
  } catch (err) {
    io.err(`A restauração não foi feita; seus dados atuais não foram alterados. ${messageOf(err)}`);
    return 1;
  } finally {
    lock.release();
  }
}

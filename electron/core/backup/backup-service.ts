import fs from 'node:fs';
import path from 'node:path';
import type { CoreContext } from '../context';
import { DATABASE_FILE } from '../db/open';
import type { Notifications } from '../notifications/notify';
import type { ResumeHooks } from '../app/resume-hooks';
import { storageErrorFrom } from '../storage-health/storage-errors';
import { formatBytes, type StorageHealth } from '../storage-health/storage-health';
import { AutoBackupScheduler, autoBackupDir, backupFileName, lastAutoBackupAt, pruneAutoBackups, type AutoBackupSchedulerOptions } from './auto-backup';
import { createBackup, estimateBackupBytes, type BackupKind, type CreatedBackup } from './create-backup';
import { BackupError } from './errors';

/**
 * The core's backup runner: one backup at a time, a disk-space check first, progress pushed
 * to the UI, storage failures turned into clear errors, and the daily automatic backup.
 */

export interface BackupServiceOptions extends Pick<AutoBackupSchedulerOptions, 'clock' | 'intervalMs' | 'startupDelayMs' | 'retryMs'> {
  /** Start the daily automatic backup (not in the CLI). */
  auto?: boolean;
}

export interface BackupServiceDeps {
  storage: StorageHealth;
  notifications: Notifications;
  resume: ResumeHooks;
}

export class BackupService {
  private current: Promise<CreatedBackup> | null = null;
  private readonly scheduler: AutoBackupScheduler;
  private offResume: (() => void) | null = null;

  constructor(
    private readonly ctx: CoreContext,
    private readonly deps: BackupServiceDeps,
    options: BackupServiceOptions = {},
  ) {
    this.scheduler = new AutoBackupScheduler({
      ...options,
      run: () => this.autoBackup().then(() => undefined),
      lastBackupAt: () => lastAutoBackupAt(ctx.dataDir),
      onError: (err) => {
        ctx.logger.error({ err, code: (err as { code?: unknown }).code }, 'automatic backup failed');
        const code = (err as { code?: unknown }).code;
        deps.notifications.notify('backup.failed', 'O backup automático falhou', (err as Error).message ?? 'Tente fazer um backup manual em Configurações.', '#/configuracoes', {
          variant: 'auto',
          reason: typeof code === 'string' ? code : '',
        });
      },
    });
    if (options.auto) {
      this.scheduler.start();
      this.offResume = deps.resume.on(() => this.scheduler.rearm());
    }
  }

  /** Stops the automatic backup, then waits for a backup still copying the database (it must not close under it). */
  async close(): Promise<void> {
    this.offResume?.();
    this.scheduler.stop();
    await this.current?.catch(() => {});
  }

  get running(): boolean {
    return this.current !== null;
  }

  get nextAutoBackupAt(): number | null {
    return this.scheduler.nextAt;
  }

  /** Writes a backup zip to `target`. Throws `backup.busy` while another one runs. */
  async backup(kind: BackupKind, target: string): Promise<CreatedBackup> {
    if (this.current) throw new BackupError('backup.busy', 'Um backup já está em andamento. Aguarde ele terminar e tente de novo.');
    const ctx = this.ctx;
    const needed = estimateBackupBytes(path.join(ctx.dataDir, DATABASE_FILE), ctx.dataDir);
    this.deps.storage.assertWritable(needed, 'o backup');
    assertTargetHasRoom(target, needed);

    let last = '';
    const run = createBackup({
      db: ctx.db,
      dataDir: ctx.dataDir,
      target,
      kind,
      onProgress: (phase, percent) => {
        const key = `${phase}:${percent}`;
        if (key === last) return;
        last = key;
        ctx.events.emit('data.backupProgress', { kind, phase, percent });
      },
    });
    this.current = run;
    try {
      const result = await run;
      ctx.logger.info({ kind, bytes: result.bytes }, 'backup created');
      ctx.events.emit('data.backupCreated', { fileName: path.basename(result.file), kind, createdAt: Date.parse(result.manifest.createdAt), bytes: result.bytes });
      return result;
    } catch (err) {
      this.deps.storage.reportFailure(err);
      const storage = storageErrorFrom(err);
      if (storage) throw storage;
      if (err instanceof BackupError || (err as { code?: unknown }).code === 'backup.too_large') throw err;
      ctx.logger.error({ err }, 'backup failed');
      throw new BackupError('backup.failed', 'O backup não pôde ser concluído. Seus dados não foram alterados; tente de novo em instantes.', {
        cause: (err as { code?: unknown }).code ?? null,
      });
    } finally {
      this.current = null;
    }
  }

  /** The daily backup into backups/auto, keeping the newest 7. */
  async autoBackup(): Promise<CreatedBackup> {
    const dir = autoBackupDir(this.ctx.dataDir);
    const result = await this.backup('auto', path.join(dir, backupFileName('auto', new Date())));
    pruneAutoBackups(this.ctx.dataDir);
    return result;
  }
}

/** A target on another disk (a pen drive, a network folder) gets its own free-space check. */
function assertTargetHasRoom(target: string, needed: number): void {
  const dir = path.dirname(target);
  try {
    fs.mkdirSync(dir, { recursive: true });
    const s = fs.statfsSync(dir);
    const free = s.bavail * s.bsize;
    if (free < needed / 2) {
      throw new BackupError('backup.failed', `Não há espaço suficiente em ${dir} para o backup (${formatBytes(free)} livres). Escolha outro lugar ou libere espaço.`, undefined, {
        variant: 'space',
        dir,
        free: formatBytes(free),
      });
    }
  } catch (err) {
    if (err instanceof BackupError) throw err;
    // statfs unsupported there: the write itself reports a full disk clearly.
  }
}

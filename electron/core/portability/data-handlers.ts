import type { ErrorParams } from '../../../shared/api/errors';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers } from '../rpc/dispatcher';
import type { CoreContext } from '../context';
import { DATABASE_FILE } from '../db/open';
import { manualBackupDir, backupFileName, listBackups } from '../backup/auto-backup';
import { BACKUPS_DIR, stamp } from '../backup/create-backup';
import { cancelPendingRestore, lastRestoreOutcome, pendingRestore, RESULT_FILE, stageRestore, type RestoreOutcome } from '../backup/restore';
import { assertNothingRunning, deleteAllData } from '../portability/delete-all';
import { exportAll } from '../portability/export-all';
import type { Notifications } from '../notifications/notify';
import { watchEventsForNotifications } from '../notifications/event-notifications';
import { chosenSaveTarget } from './save-target';
import type { UploadStore } from '../uploads/upload-store';
import type { CoreServices } from '../services';

/**
 * Handlers of `data.*`, plus the background work they own (daily backup, a finished restore
 * announced once, stale export files removed, notifications derived from other events).
 */

type DataMethods =
  | 'data.status'
  | 'data.backupNow'
  | 'data.exportAll'
  | 'data.deleteAll'
  | 'data.restoreFinish'
  | 'data.restoreCancel';

export const EXPORTS_DIR = 'exports';
const KEEP_MANUAL = 5;


/** A path chosen by the desktop save dialog: absolute, ending in the right extension. */
function resolveTarget(ctx: CoreContext, target: string, ext: string): string {
  return chosenSaveTarget(ctx.mode, target, ext, 'backup.target_not_allowed');
}

function pruneManual(dataDir: string): void {
  const dir = manualBackupDir(dataDir);
  const manual = listBackups(dataDir).filter((b) => b.kind === 'manual' && fs.existsSync(path.join(dir, b.fileName)));
  for (const b of manual.slice(KEEP_MANUAL)) fs.rmSync(path.join(dir, b.fileName), { force: true });
}

/** `uploads` holds the backups sent for a restore (through `uploads.*`, as imports send files). */
export function dataHandlers(
  ctx: CoreContext,
  services: Pick<CoreServices, 'backup' | 'storage' | 'downloads' | 'journal' | 'notifications'>,
  uploads: UploadStore,
): Pick<Handlers, DataMethods> {
  const { backup: backups, storage: health, downloads, notifications } = services;
  const dbFile = path.join(ctx.dataDir, DATABASE_FILE);
  if (ctx.mode !== 'cli') {
    // Exports are offered once and then removed; anything left from a crash goes now.
    fs.rmSync(path.join(ctx.dataDir, EXPORTS_DIR, '.pending'), { recursive: true, force: true });
    announceRestore(ctx, notifications);
    ctx.onClose(watchEventsForNotifications(ctx, notifications));
  }

  const handlers: Pick<Handlers, DataMethods> = {
    'data.status': () => {
      const list = listBackups(ctx.dataDir);
      const last = lastRestoreOutcome(ctx.dataDir);
      return {
        backups: list.slice(0, 20),
        lastBackupAt: list[0]?.createdAt ?? null,
        nextAutoBackupAt: backups.nextAutoBackupAt,
        backupRunning: backups.running,
        restorePending: pendingRestore(ctx.dataDir),
        lastRestore: last ? { at: last.at, ok: last.ok, message: last.message, previousDataDir: last.previousDataDir } : null,
        storage: health.status(),
      };
    },

    'data.backupNow': async (input) => {
      const now = new Date();
      if (input?.target) {
        const target = resolveTarget(ctx, input.target, '.zip');
        const r = await backups.backup('manual', target);
        return { status: 'saved' as const, file: r.file, fileName: path.basename(r.file), bytes: r.bytes, manifest: r.manifest };
      }
      // No path (browser mode, or a desktop window without the main process's dialog): keep a
      // copy in backups/manual; browser mode also offers it as a download.
      const file = path.join(manualBackupDir(ctx.dataDir), backupFileName('manual', now));
      const r = await backups.backup('manual', file);
      pruneManual(ctx.dataDir);
      const fileName = path.basename(r.file);
      if (ctx.mode === 'browser') {
        return { status: 'download' as const, url: downloads.register(r.file, fileName, { temporary: false }), fileName, bytes: r.bytes, manifest: r.manifest };
      }
      return { status: 'saved' as const, file: r.file, fileName, bytes: r.bytes, manifest: r.manifest };
    },

    'data.exportAll': async (input) => {
      const now = new Date();
      const fileName = `recado-dados-${stamp(now).slice(0, 19)}.zip`;
      let target: string;
      let temporary = false;
      if (input?.target) {
        target = resolveTarget(ctx, input.target, '.zip');
      } else if (ctx.mode === 'browser') {
        target = path.join(ctx.dataDir, EXPORTS_DIR, '.pending', `${crypto.randomUUID()}.zip`);
        temporary = true;
      } else {
        target = path.join(ctx.dataDir, EXPORTS_DIR, fileName);
      }
      health.assertWritable(fs.existsSync(dbFile) ? fs.statSync(dbFile).size : 0, 'a exportação');
      let result;
      try {
        result = await exportAll(dbFile, target, { now: () => now });
      } catch (err) {
        health.reportFailure(err);
        throw err;
      }
      ctx.logger.info({ tables: Object.keys(result.tables).length, bytes: result.bytes }, 'data exported');
      if (temporary) {
        return { status: 'download' as const, url: downloads.register(result.file, fileName, { temporary: true }), fileName, bytes: result.bytes, tables: result.tables };
      }
      return { status: 'saved' as const, file: result.file, fileName: path.basename(result.file), bytes: result.bytes, tables: result.tables };
    },

    'data.deleteAll': async () => {
      assertNothingRunning(ctx.db);
      const target = path.join(ctx.dataDir, BACKUPS_DIR, backupFileName('before-delete', new Date()));
      const backup = await backups.backup('before-delete', target);
      const deleted = deleteAllData(ctx.db, ctx.dataDir);
      // The send journal names contacts' phones: it goes too (the backup above has every send).
      await services.journal?.clear();
      ctx.logger.warn({ tables: Object.keys(deleted).length }, 'all data deleted by the user');
      return { ok: true as const, backupFile: backup.file, deleted };
    },

    'data.restoreFinish': async ({ fileId }) => {
      const { file } = uploads.pathOf(fileId);
      const release = uploads.hold(fileId);
      try {
        const manifest = await stageRestore(ctx.dataDir, file, { beforeExtract: (bytes) => health.assertWritable(bytes, 'a restauração') });
        ctx.logger.info({ schemaVersion: manifest.schemaVersion, createdAt: manifest.createdAt }, 'restore staged');
        ctx.events.emit('data.restoreStaged', { manifest });
        return { manifest, restartRequired: true as const };
      } finally {
        release();
        uploads.remove(fileId);
      }
    },

    'data.restoreCancel': () => {
      cancelPendingRestore(ctx.dataDir);
      return { ok: true as const };
    },
  };
  return handlers;
}

/** A restore applied at this start is told to the user once. */
function announceRestore(ctx: CoreContext, notifications: Notifications): void {
  const outcome = lastRestoreOutcome(ctx.dataDir) as (RestoreOutcome & { announced?: boolean }) | null;
  if (!outcome || outcome.announced) return;
  const createdAt = outcome.manifest ? Date.parse(outcome.manifest.createdAt) : NaN;
  const params: ErrorParams = outcome.ok
    ? { variant: 'restored', createdAt: Number.isNaN(createdAt) ? outcome.at : createdAt, dir: outcome.previousDataDir ?? '' }
    : { variant: outcome.previousDataDir ? 'restore_files' : 'restore_incomplete' };
  notifications.notify(outcome.ok ? 'backup.restored' : 'backup.failed', outcome.ok ? 'Backup restaurado' : 'A restauração não foi concluída', outcome.message, '#/configuracoes', params);
  try {
    fs.writeFileSync(path.join(ctx.dataDir, RESULT_FILE), JSON.stringify({ ...outcome, announced: true }, null, 2), { mode: 0o600 });
  } catch {
    // Read-only data dir: it will be announced again next time, which is harmless.
  }
}

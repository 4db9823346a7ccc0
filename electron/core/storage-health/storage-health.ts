import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../../shared/api/errors';
import type { StorageStatus } from '../../../shared/api/methods/storage';
import type { CoreContext } from '../context';
import type { Notifications } from '../notifications/notify';
import { READ_ONLY_MESSAGE, StorageErrorCodes, storageFailureKind } from './storage-errors';

/**
 * Is there room to keep working? Free space (fs.statfs) and a real write probe in the data dir
 * (a read-only mount, a write-protected pen drive or wrong permissions all fail it, even for
 * root). The engine asks `canSend()` before each send; backups and imports call
 * `assertWritable(bytes)` first. State changes are pushed as `storage.changed` and, when they
 * get worse, as a notification.
 */

export interface StorageThresholds {
  /** Below this, a warning; work goes on. */
  lowBytes: number;
  /** Below this, sending pauses and backups are refused, so the database never fills the disk. */
  fullBytes: number;
}

export const DEFAULT_THRESHOLDS: StorageThresholds = { lowBytes: 1024 ** 3, fullBytes: 200 * 1024 ** 2 };

/** "1,5 GB", "200 MB": how sizes are shown to the user. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || v >= 100 ? 0 : 1;
  return `${v.toLocaleString('pt-BR', { maximumFractionDigits: digits, minimumFractionDigits: 0 })} ${units[i]}`;
}

function messageFor(state: StorageStatus['state'], free: number | null, t: StorageThresholds): string | null {
  const freeText = free === null ? '' : ` (${formatBytes(free)} livres)`;
  switch (state) {
    case 'ok':
      return null;
    case 'low':
      return `Pouco espaço livre no disco${freeText}. Libere espaço logo: abaixo de ${formatBytes(t.fullBytes)} o Recado pausa os envios para proteger seus dados.`;
    case 'full':
      return `O disco está cheio${freeText}. Os envios foram pausados e nada foi perdido. Libere pelo menos ${formatBytes(t.fullBytes)} (apague arquivos grandes ou esvazie a lixeira) e retome as campanhas.`;
    case 'read_only':
      return READ_ONLY_MESSAGE;
  }
}

/** Writes, syncs and removes a tiny file: the only reliable test that the folder takes writes. */
function writeProbe(dir: string): 'ok' | 'full' | 'read_only' {
  const file = path.join(dir, `.recado-write-probe-${process.pid}`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'w', 0o600);
    fs.writeSync(fd, 'recado');
    fs.fsyncSync(fd);
    return 'ok';
  } catch (err) {
    return storageFailureKind(err, { permissionMeansReadOnly: true }) ?? 'ok';
  } finally {
    if (fd !== null) fs.closeSync(fd);
    try {
      fs.unlinkSync(file);
    } catch {
      // Never created (read-only) or already gone.
    }
  }
}

export function probeStorage(dir: string, thresholds: StorageThresholds = DEFAULT_THRESHOLDS, now: number = Date.now()): StorageStatus {
  let free: number | null = null;
  let total: number | null = null;
  try {
    const s = fs.statfsSync(dir);
    free = s.bavail * s.bsize;
    total = s.blocks * s.bsize;
  } catch {
    // statfs is unavailable on some file systems; the write probe still tells the truth.
  }
  const probe = writeProbe(dir);
  let state: StorageStatus['state'] = 'ok';
  if (probe === 'read_only') state = 'read_only';
  else if (probe === 'full' || (free !== null && free < thresholds.fullBytes)) state = 'full';
  else if (free !== null && free < thresholds.lowBytes) state = 'low';
  return {
    state,
    freeBytes: free,
    totalBytes: total,
    sendingAllowed: state === 'ok' || state === 'low',
    message: messageFor(state, free, thresholds),
    checkedAt: now,
  };
}

export interface StorageHealthOptions {
  thresholds?: StorageThresholds;
  /** Reuse a probe this recent (the engine asks before every send). */
  ttlMs?: number;
  now?(): number;
  onChange?(status: StorageStatus, previous: StorageStatus | null): void;
}

export class StorageHealth {
  private last: StorageStatus | null = null;
  thresholds: StorageThresholds;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    readonly dir: string,
    private readonly options: StorageHealthOptions = {},
  ) {
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
    this.ttlMs = options.ttlMs ?? 15_000;
    this.now = options.now ?? Date.now;
  }

  /** Changes the margins (tests on a tiny disk; a future setting). Takes effect at the next probe. */
  configure(thresholds: StorageThresholds): void {
    this.thresholds = thresholds;
    this.last = null;
  }

  /** The latest status, probing again when the cached one is stale. */
  status(): StorageStatus {
    if (this.last && this.now() - this.last.checkedAt < this.ttlMs) return this.last;
    return this.check();
  }

  /** Probes now. */
  check(): StorageStatus {
    return this.record(probeStorage(this.dir, this.thresholds, this.now()));
  }

  /** For the engine: may it send now? When not, `message` says why (pt-BR) and `code` is typed. */
  canSend(): { ok: true } | { ok: false; code: string; message: string } {
    const s = this.status();
    if (s.sendingAllowed) return { ok: true };
    return { ok: false, code: s.state === 'read_only' ? StorageErrorCodes.readOnly : StorageErrorCodes.diskFull, message: s.message ?? '' };
  }

  /**
   * Throws a typed `store.disk_full` / `store.read_only` error unless `neededBytes` fit and the
   * disk keeps its safety margin afterwards. `what` names the work in the message ("o backup").
   */
  assertWritable(neededBytes: number, what: string): void {
    const s = this.check();
    if (s.state === 'read_only') throw new ApiError(StorageErrorCodes.readOnly, READ_ONLY_MESSAGE);
    if (s.state === 'full') throw new ApiError(StorageErrorCodes.diskFull, s.message ?? '');
    if (s.freeBytes !== null && s.freeBytes - neededBytes < this.thresholds.fullBytes) {
      throw new ApiError(
        StorageErrorCodes.diskFull,
        `Não há espaço livre suficiente para ${what}: são necessários cerca de ${formatBytes(neededBytes + this.thresholds.fullBytes)} e há ${formatBytes(s.freeBytes)} livres. Libere espaço e tente de novo.`,
        { neededBytes, freeBytes: s.freeBytes },
        { variant: 'space', needed: formatBytes(neededBytes + this.thresholds.fullBytes), free: formatBytes(s.freeBytes) },
      );
    }
  }

  /** A write just failed for lack of space or permission: believe it until the next good probe. */
  reportFailure(err: unknown): void {
    const kind = storageFailureKind(err, { permissionMeansReadOnly: true });
    if (!kind) return;
    const base = this.last ?? { freeBytes: null, totalBytes: null };
    const state = kind === 'full' ? 'full' : 'read_only';
    this.record({
      state,
      freeBytes: base.freeBytes,
      totalBytes: base.totalBytes,
      sendingAllowed: false,
      message: messageFor(state, base.freeBytes, this.thresholds),
      checkedAt: this.now(),
    });
  }

  private record(next: StorageStatus): StorageStatus {
    const previous = this.last;
    this.last = next;
    if (!previous || previous.state !== next.state) this.options.onChange?.(next, previous);
    return next;
  }
}

/**
 * The data dir's StorageHealth for a core (one per core, built by the composition root,
 * services.ts): a change goes to the UI, the log and, when worse, the notifications. The
 * engine calls `canSend()` before a send and pauses with the message when refused.
 */
export function createStorageHealth(ctx: CoreContext, notifications: Notifications, options: Omit<StorageHealthOptions, 'onChange'> = {}): StorageHealth {
  return new StorageHealth(ctx.dataDir, {
    ...options,
    onChange(status, previous) {
      ctx.events.emit('storage.changed', status);
      const worse = status.state === 'full' || status.state === 'read_only';
      if (worse) ctx.logger.warn({ state: status.state, freeBytes: status.freeBytes }, 'storage problem');
      else if (previous) ctx.logger.info({ state: status.state }, 'storage recovered');
      if (worse) notifications.notify('storage.problem', status.state === 'full' ? 'Disco cheio' : 'Pasta de dados somente leitura', status.message ?? '', '#/configuracoes', { state: status.state });
    },
  });
}

/**
 * Before the database opens: a data dir that takes no writes gets the clear read-only message
 * instead of SQLite's "not a database" (which is what opening a WAL database there reports).
 */
export function assertDataDirWritable(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (err) {
    if (storageFailureKind(err, { permissionMeansReadOnly: true }) === 'read_only') throw new ApiError(StorageErrorCodes.readOnly, READ_ONLY_MESSAGE, { dir });
    throw err;
  }
  if (writeProbe(dir) === 'read_only') throw new ApiError(StorageErrorCodes.readOnly, READ_ONLY_MESSAGE, { dir });
}

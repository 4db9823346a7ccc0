import fs from 'node:fs';
import path from 'node:path';
import type { BackupFileInfo } from '../../../shared/api/methods/data';
import { scheduleAt, type Clock, type ScheduledTask } from '../lib/timer';
import { BACKUPS_DIR, stamp } from './create-backup';
import type { BackupKind } from './create-backup';

/**
 * Daily automatic backups in `<dataDir>/backups/auto/`, the newest 7 kept. The next run is a
 * wall-clock instant (last backup + 24 h, or shortly after start when the last one is older),
 * armed with `scheduleAt`, so nothing polls and a sleeping computer catches up once on wake.
 */

export const AUTO_DIR = 'auto';
export const MANUAL_DIR = 'manual';
export const KEEP_AUTO = 7;
export const DAY_MS = 24 * 60 * 60 * 1000;

const NAME = /^recado-(auto|manual|cli|before-delete)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)\.zip$/;

export function backupFileName(kind: BackupKind, at: Date): string {
  return `recado-${kind}-${stamp(at)}.zip`;
}

/** The time encoded in a backup's name (mtime can change when files are copied around). */
export function timeFromName(name: string): number | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const iso = m[2].replace(/^(\d{4}-\d{2}-\d{2}T\d{2})-(\d{2})-(\d{2})-(\d{3})Z$/, '$1:$2:$3.$4Z');
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

export function autoBackupDir(dataDir: string): string {
  return path.join(dataDir, BACKUPS_DIR, AUTO_DIR);
}

export function manualBackupDir(dataDir: string): string {
  return path.join(dataDir, BACKUPS_DIR, MANUAL_DIR);
}

function listDir(dir: string): BackupFileInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const out: BackupFileInfo[] = [];
  for (const name of names) {
    const m = NAME.exec(name);
    const at = timeFromName(name);
    if (!m || at === null) continue;
    try {
      out.push({ fileName: name, kind: m[1] as BackupKind, createdAt: at, bytes: fs.statSync(path.join(dir, name)).size });
    } catch {
      // Removed meanwhile.
    }
  }
  return out;
}

/** Backups Recado made in the data dir (automatic and downloaded/manual), newest first. */
export function listBackups(dataDir: string): BackupFileInfo[] {
  return [...listDir(autoBackupDir(dataDir)), ...listDir(manualBackupDir(dataDir)), ...listDir(path.join(dataDir, BACKUPS_DIR))].sort((a, b) => b.createdAt - a.createdAt);
}

/** Deletes all but the newest `keep` automatic backups; returns the names removed. */
export function pruneAutoBackups(dataDir: string, keep = KEEP_AUTO): string[] {
  const dir = autoBackupDir(dataDir);
  const old = listDir(dir)
    .filter((b) => b.kind === 'auto')
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(keep);
  for (const b of old) fs.rmSync(path.join(dir, b.fileName), { force: true });
  return old.map((b) => b.fileName);
}

export function lastAutoBackupAt(dataDir: string): number | null {
  const all = listDir(autoBackupDir(dataDir));
  return all.length ? Math.max(...all.map((b) => b.createdAt)) : null;
}

/** When the next automatic backup is due. A clock set back (last in the future) counts as overdue. */
export function nextAutoBackupAt(lastAt: number | null, now: number, opts: { intervalMs?: number; startupDelayMs?: number } = {}): number {
  const interval = opts.intervalMs ?? DAY_MS;
  const delay = opts.startupDelayMs ?? 60_000;
  if (lastAt === null || lastAt > now || now - lastAt >= interval) return now + delay;
  return lastAt + interval;
}

export interface AutoBackupSchedulerOptions {
  run(): Promise<void>;
  lastBackupAt(): number | null;
  clock?: Clock;
  intervalMs?: number;
  /** Wait after start before an overdue backup, so opening the app stays quick. */
  startupDelayMs?: number;
  /** After a failure, try again this much later rather than a day later. */
  retryMs?: number;
  onError?(err: unknown): void;
}

export class AutoBackupScheduler {
  private task: ScheduledTask | null = null;
  private running = false;
  private stopped = true;
  private failedAt: number | null = null;

  constructor(private readonly opts: AutoBackupSchedulerOptions) {}

  get nextAt(): number | null {
    return this.task?.pending ? this.task.atMs : null;
  }

  start(): void {
    this.stopped = false;
    this.plan();
  }

  stop(): void {
    this.stopped = true;
    this.task?.();
    this.task = null;
  }

  /** Recompute the due time (after a resume from sleep, or a manual backup). */
  rearm(): void {
    if (!this.stopped && !this.running) this.plan();
  }

  private now(): number {
    return this.opts.clock?.now() ?? Date.now();
  }

  private plan(): void {
    this.task?.();
    const now = this.now();
    const at =
      this.failedAt !== null
        ? this.failedAt + (this.opts.retryMs ?? 60 * 60_000)
        : nextAutoBackupAt(this.opts.lastBackupAt(), now, { intervalMs: this.opts.intervalMs, startupDelayMs: this.opts.startupDelayMs });
    this.task = scheduleAt(Math.max(at, now), () => void this.fire(), { clock: this.opts.clock });
  }

  private async fire(): Promise<void> {
    if (this.stopped || this.running) return;
    this.running = true;
    try {
      await this.opts.run();
      this.failedAt = null;
    } catch (err) {
      this.failedAt = this.now();
      this.opts.onError?.(err);
    } finally {
      this.running = false;
      if (!this.stopped) this.plan();
    }
  }
}

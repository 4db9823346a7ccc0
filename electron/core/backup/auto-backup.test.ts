import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../core';
import { AutoBackupScheduler, DAY_MS, backupFileName, listBackups, nextAutoBackupAt, pruneAutoBackups, timeFromName } from './auto-backup';
import { BackupService } from './backup-service';

const temp: string[] = [];
const cores: Core[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const c of cores.splice(0)) {
    await new Promise((r) => setImmediate(r));
    await c.close();
  }
  temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-auto-'));
  temp.push(d);
  return d;
};

describe('automatic backups', () => {
  it('keeps only the newest 7 daily backups, and never touches other files', async () => {
    const dir = tmpDir();
    const core = createCore({ dataDir: dir, mode: 'cli' });
    cores.push(core);
    const service = new BackupService(core.context, core.services); // not started: we drive it day by day
    const start = Date.parse('2025-03-01T03:00:00Z');
    vi.useFakeTimers({ toFake: ['Date'] });
    for (let day = 0; day < 9; day++) {
      vi.setSystemTime(start + day * DAY_MS);
      await service.autoBackup();
    }
    vi.useRealTimers();
    fs.writeFileSync(path.join(dir, 'backups', 'auto', 'anotacoes.txt'), 'meu arquivo');

    pruneAutoBackups(dir);
    const auto = listBackups(dir).filter((b) => b.kind === 'auto');
    expect(auto).toHaveLength(7);
    expect(auto.map((b) => new Date(b.createdAt).toISOString().slice(0, 10))).toEqual([
      '2025-03-09', '2025-03-08', '2025-03-07', '2025-03-06', '2025-03-05', '2025-03-04', '2025-03-03',
    ]);
    expect(fs.existsSync(path.join(dir, 'backups', 'auto', 'anotacoes.txt'))).toBe(true);
  });

  it('reads the time of a backup from its name', () => {
    const at = new Date('2025-03-09T10:11:12.345Z');
    expect(timeFromName(backupFileName('auto', at))).toBe(at.getTime());
    expect(timeFromName('recado-auto-lixo.zip')).toBeNull();
  });

  it('is due a day after the last one, or shortly after start when that is older (or in the future)', () => {
    const now = Date.parse('2025-03-10T12:00:00Z');
    const opts = { startupDelayMs: 120_000 };
    expect(nextAutoBackupAt(null, now, opts)).toBe(now + 120_000);
    expect(nextAutoBackupAt(now - 25 * 3600_000, now, opts)).toBe(now + 120_000);
    expect(nextAutoBackupAt(now - 3 * 3600_000, now, opts)).toBe(now + 21 * 3600_000);
    expect(nextAutoBackupAt(now + 5 * 3600_000, now, opts)).toBe(now + 120_000); // clock was set back
  });

  it('runs at the planned time, re-plans a day later, and retries sooner after a failure', async () => {
    vi.useFakeTimers();
    const t0 = Date.parse('2025-03-10T12:00:00Z');
    vi.setSystemTime(t0);
    let last: number | null = t0 - 3 * 3600_000;
    let fail = false;
    const runs: number[] = [];
    const errors: unknown[] = [];
    const scheduler = new AutoBackupScheduler({
      lastBackupAt: () => last,
      run: async () => {
        runs.push(Date.now());
        if (fail) throw new Error('disco cheio');
        last = Date.now();
      },
      onError: (e) => errors.push(e),
      startupDelayMs: 60_000,
    });
    scheduler.start();
    expect(scheduler.nextAt).toBe(t0 + 21 * 3600_000);
    await vi.advanceTimersByTimeAsync(21 * 3600_000 - 1000);
    expect(runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toEqual([t0 + 21 * 3600_000]);
    expect(scheduler.nextAt).toBe(runs[0] + DAY_MS);

    fail = true;
    await vi.advanceTimersByTimeAsync(DAY_MS);
    expect(runs).toHaveLength(2);
    expect(errors).toHaveLength(1);
    expect(scheduler.nextAt).toBe(runs[1] + 3600_000); // an hour later, not a day
    scheduler.stop();
    expect(scheduler.nextAt).toBeNull();
  });
});

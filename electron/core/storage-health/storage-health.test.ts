import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { silentLogger } from '../log/logger';
import { createDispatcher, type Handlers } from '../rpc/dispatcher';
import { probeStorage, StorageHealth, formatBytes } from './storage-health';
import { storageErrorFrom } from './storage-errors';

/**
 * A full disk and a read-only data dir, for real: a 4 MB tmpfs filled to the last byte, and a
 * tmpfs remounted read-only (root cannot be stopped by chmod). Where mounting is not allowed
 * those tests are skipped with the reason, and SQLite's own limits simulate the same errors.
 */

const temp: string[] = [];
const mounts: string[] = [];
const cores: Core[] = [];
let previousAuto: string | undefined;
beforeAll(() => {
  previousAuto = process.env.RECADO_AUTO_BACKUP;
  process.env.RECADO_AUTO_BACKUP = 'off';
});
afterAll(() => {
  if (previousAuto === undefined) delete process.env.RECADO_AUTO_BACKUP;
  else process.env.RECADO_AUTO_BACKUP = previousAuto;
});
afterEach(async () => {
  for (const c of cores.splice(0)) {
    await new Promise((r) => setImmediate(r));
    await c.close();
  }
  for (const m of mounts.splice(0)) execFileSync('umount', [m]);
  temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-storage-'));
  temp.push(d);
  return d;
}

function tryMountTmpfs(sizeKb: number): string | null {
  const dir = tmpDir();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    return null;
  }
  mounts.push(dir);
  return dir;
}

const canMount = (() => {
  try {
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-mount-probe-'));
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe], { stdio: 'ignore' });
      execFileSync('umount', [probe]);
      return true;
    } finally {
      fs.rmdirSync(probe);
    }
  } catch {
    return false;
  }
})();
const NO_MOUNT = 'cannot mount a tmpfs here (needs root / CAP_SYS_ADMIN); the SQLite-level simulation below still runs';

function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  // Top off the last partial block.
  try {
    for (;;) fs.writeSync(fd, Buffer.alloc(512, 1));
  } catch {
    // full
  }
  fs.closeSync(fd);
  return filler;
}

function contactNames(db: Database.Database): string[] {
  return (db.prepare('SELECT name FROM contacts ORDER BY id').all() as Array<{ name: string }>).map((r) => r.name);
}

function seed(core: Core): void {
  const insert = core.context.db.prepare('INSERT INTO contacts (phone_key, name, fields, created_at, updated_at) VALUES (?, ?, ?, 1, 1)');
  ['Ana', 'Bruno', 'Carla'].forEach((n, i) => insert.run(`+5511900000${i}`, n, '{}'));
}

describe('full disk', () => {
  it.skipIf(!canMount)('gives the clear message, pauses sending, refuses backups, and keeps the database intact', async () => {
    const dir = tryMountTmpfs(4096)!;
    // The log lives elsewhere here: this test is about the database (see the report on logging).
    const core = createCore({ dataDir: dir, mode: 'cli', logger: silentLogger() });
    cores.push(core);
    seed(core);
    // Margins scaled to a 4 MB disk (the defaults are 1 GB / 200 MB).
    core.services.storage.configure({ lowBytes: 1024 * 1024, fullBytes: 256 * 1024 });
    expect(core.services.storage.check()).toMatchObject({ state: 'ok' });
    const filler = fillDisk(dir);

    const reply = await core.dispatch('settings.update', { businessName: 'Padaria Pão Quente'.padEnd(120, '.') });
    expect(reply).toMatchObject({ ok: false, error: { code: 'store.disk_full' } });
    expect((reply as { error: { message: string } }).error.message).toMatch(/disco do computador está cheio.*Nada foi perdido/);

    const status = await core.dispatch('storage.status', undefined);
    expect(status).toMatchObject({ ok: true, result: { state: 'full', sendingAllowed: false } });
    expect((status as { result: { message: string } }).result.message).toMatch(/Os envios foram pausados e nada foi perdido/);
    expect(core.services.storage.canSend()).toMatchObject({ ok: false, code: 'store.disk_full' });
    const backup = await core.dispatch('data.backupNow', {});
    expect(backup).toMatchObject({ ok: false, error: { code: 'store.disk_full' } });

    // Space comes back: the data is all there and work resumes.
    fs.rmSync(filler);
    expect(core.context.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(contactNames(core.context.db)).toEqual(['Ana', 'Bruno', 'Carla']);
    expect(await core.dispatch('settings.update', { businessName: 'Padaria' })).toMatchObject({ ok: true });
    expect(core.services.storage.check()).toMatchObject({ state: 'ok', sendingAllowed: true });
  });

  it('maps SQLite running out of room (simulated with max_page_count) to the same typed error', async () => {
    const db = new Database(path.join(tmpDir(), 'x.db'));
    db.exec('CREATE TABLE t (v TEXT)');
    db.prepare('INSERT INTO t VALUES (?)').run('antes');
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true })}`);
    const dispatch = createDispatcher(
      {
        'app.ping': () => {
          db.prepare('INSERT INTO t VALUES (?)').run('x'.repeat(100_000));
          return { now: 1 };
        },
      } as unknown as Handlers,
      silentLogger(),
    );
    const reply = await dispatch('app.ping', undefined);
    expect(reply).toMatchObject({ ok: false, error: { code: 'store.disk_full', message: expect.stringContaining('Nada foi perdido') } });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT v FROM t').all()).toEqual([{ v: 'antes' }]);
    db.close();
  });

  it('warns early and pauses below the safety margin', () => {
    const dir = tmpDir();
    const free = probeStorage(dir).freeBytes!;
    expect(probeStorage(dir, { lowBytes: free * 2, fullBytes: 1 })).toMatchObject({ state: 'low', sendingAllowed: true, message: expect.stringMatching(/^Pouco espaço livre no disco/) });
    expect(probeStorage(dir, { lowBytes: free * 4, fullBytes: free * 2 })).toMatchObject({ state: 'full', sendingAllowed: false });
    const health = new StorageHealth(dir, { thresholds: { lowBytes: 1, fullBytes: 1 } });
    expect(() => health.assertWritable(free * 2, 'o backup')).toThrow(/Não há espaço livre suficiente para o backup/);
    expect(formatBytes(1536 * 1024 * 1024)).toBe('1,5 GB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MB');
  });
});

describe('read-only data dir', () => {
  it.skipIf(!canMount)('is detected for real, and the app refuses to start with the clear message instead of "corrupted"', async () => {
    const dir = tryMountTmpfs(4096)!;
    const core = createCore({ dataDir: dir, mode: 'cli', logger: silentLogger() });
    seed(core);
    await core.close();
    execFileSync('mount', ['-o', 'remount,ro', dir]);

    expect(probeStorage(dir)).toMatchObject({ state: 'read_only', sendingAllowed: false, message: expect.stringMatching(/somente leitura.*Nada foi perdido/) });
    expect(() => createCore({ dataDir: dir, mode: 'cli', logger: silentLogger() })).toThrow(expect.objectContaining({ code: 'store.read_only' }));

    execFileSync('mount', ['-o', 'remount,rw', dir]);
    const again = createCore({ dataDir: dir, mode: 'cli', logger: silentLogger() });
    cores.push(again);
    expect(again.context.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(contactNames(again.context.db)).toEqual(['Ana', 'Bruno', 'Carla']);
  });

  it('turns a write refused by a read-only database into store.read_only, with nothing lost', async () => {
    if (!canMount) console.info(`note: ${NO_MOUNT}`);
    const core = createCore({ dataDir: tmpDir(), mode: 'cli', logger: silentLogger() });
    cores.push(core);
    seed(core);
    core.context.db.pragma('query_only = ON'); // what SQLite does when the file turns read-only under it
    const reply = await core.dispatch('settings.update', { businessName: 'Padaria' });
    expect(reply).toMatchObject({ ok: false, error: { code: 'store.read_only', message: expect.stringContaining('somente leitura') } });
    core.context.db.pragma('query_only = OFF');
    expect(contactNames(core.context.db)).toEqual(['Ana', 'Bruno', 'Carla']);
    expect(core.context.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('leaves unrelated errors alone', () => {
    expect(storageErrorFrom(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_UNIQUE' }))).toBeNull();
    // A spreadsheet the user may not read is not a read-only data dir.
    expect(storageErrorFrom(Object.assign(new Error('x'), { code: 'EACCES' }))).toBeNull();
    expect(storageErrorFrom(Object.assign(new Error('x'), { code: 'ENOSPC' }))?.code).toBe('store.disk_full');
    expect(storageErrorFrom(Object.assign(new Error('x'), { code: 'SQLITE_READONLY_DBMOVED' }))?.code).toBe('store.read_only');
  });
});

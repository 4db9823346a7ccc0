import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { acquireDataDirLock } from '../lock';
import { cliBackup, cliRestore, type CliIo } from './cli-commands';
import { createBackup } from './create-backup';
import { pendingRestore, stageRestore, applyPendingRestore, PENDING_DIR } from './restore';

const temp: string[] = [];
const open: Array<{ close(): Promise<void> | void }> = [];
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
  for (const o of open.splice(0).reverse()) await o.close();
  temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-backup-'));
  temp.push(d);
  return d;
}

/** A core as the app runs it: holding the data-dir lock (which lets it apply a staged restore). */
function startCore(dataDir: string, mode: 'browser' | 'cli' = 'browser'): Core {
  const lock = acquireDataDirLock(dataDir, { mode: 'test' });
  let core: Core;
  try {
    core = createCore({ dataDir, mode });
  } catch (err) {
    lock.release();
    throw err;
  }
  const entry = {
    close: async () => {
      // Let start-up work scheduled for the next turn (e.g. reconnecting numbers) run first.
      await new Promise((resolve) => setImmediate(resolve));
      await core.close();
      lock.release();
    },
  };
  open.push(entry);
  return Object.assign(core, { stop: entry.close });
}

async function stop(core: Core): Promise<void> {
  const i = open.findIndex((o) => o.close === (core as Core & { stop(): Promise<void> }).stop);
  await open.splice(i, 1)[0].close();
}

function addContacts(db: Database.Database, names: string[], start = 0): void {
  const insert = db.prepare('INSERT INTO contacts (phone_key, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  db.transaction(() => names.forEach((n, i) => insert.run(`+55119${String(start + i).padStart(8, '0')}`, n, '{}', Date.now(), Date.now())))();
}

function names(file: string): string[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT name FROM contacts ORDER BY id').all() as Array<{ name: string }>).map((r) => r.name);
  } finally {
    db.close();
  }
}

const silentIo = (): CliIo & { lines: string[] } => {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l) };
};

describe('backup while the app keeps writing', () => {
  it('restores to a database that passes integrity_check with every row written before the backup finished', async () => {
    const dir = tmpDir();
    const core = startCore(dir, 'cli');
    const db = core.context.db;
    // About 15 MB, copied 8 pages per step: the copy spans many event-loop turns.
    const pad = 'x'.repeat(400);
    const insertSeed = db.prepare('INSERT INTO contacts (phone_key, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 30_000; i++) insertSeed.run(`+55118${String(i).padStart(8, '0')}`, `Semente ${i}`, JSON.stringify({ pad }), 1, 1);
    })();

    // A campaign-like writer: a small transaction on every timer tick while the backup runs.
    let stopped = false;
    let writesDuringBackup = 0;
    let n = 0;
    const insert = db.prepare('INSERT INTO contacts (phone_key, name, fields, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
    const writer = setInterval(() => {
      if (stopped) return;
      db.transaction(() => {
        for (let i = 0; i < 10; i++, n++) insert.run(`+55117${String(n).padStart(8, '0')}`, `Envio ${n}`, '{}', Date.now(), Date.now());
      })();
      writesDuringBackup++;
    }, 0);

    const target = path.join(dir, 'out', 'backup.zip');
    let expected = 0;
    const result = await createBackup({
      db,
      dataDir: dir,
      target,
      kind: 'manual',
      pagesPerStep: 8,
      onProgress(phase, percent) {
        // The copy is complete: this is the instant the backup stands for.
        if (phase === 'database' && percent === 100 && !stopped) {
          stopped = true;
          expected = (db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n;
        }
      },
    });
    clearInterval(writer);
    expect(writesDuringBackup).toBeGreaterThan(0);
    expect(result.manifest.counts.contacts).toBe(expected);

    // Restore into another data dir, the way the app does it (staged, applied at start).
    const other = tmpDir();
    const lock = acquireDataDirLock(other, { mode: 'test' });
    try {
      await stageRestore(other, target);
      expect(applyPendingRestore(other)?.ok).toBe(true);
    } finally {
      lock.release();
    }
    const restored = new Database(path.join(other, 'recado.db'), { readonly: true });
    try {
      expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
      expect((restored.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number }).n).toBe(expected);
      const live = new Set((db.prepare("SELECT phone_key FROM contacts WHERE name LIKE 'Envio %'").all() as Array<{ phone_key: string }>).map((r) => r.phone_key));
      const copied = (restored.prepare("SELECT phone_key FROM contacts WHERE name LIKE 'Envio %'").all() as Array<{ phone_key: string }>).map((r) => r.phone_key);
      expect(copied.length).toBe(live.size);
      expect(copied.every((p) => live.has(p))).toBe(true);
    } finally {
      restored.close();
    }
  });
});

describe('backup and restore from the app', () => {
  it('backs up, stages an uploaded backup, and on the next start restores it while keeping the replaced data', async () => {
    const dir = tmpDir();
    fs.mkdirSync(path.join(dir, 'attachments', 'c1'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'attachments', 'c1', 'foto.jpg'), Buffer.from('jpeg-bytes'));
    let core = startCore(dir);
    addContacts(core.context.db, ['Ana', 'Bruno', 'Carla']);

    const reply = await core.dispatch('data.backupNow', {});
    expect(reply.ok).toBe(true);
    const backup = (reply as { result: { status: string; url: string; fileName: string; manifest: { counts: Record<string, number>; attachments: { files: number } } } }).result;
    expect(backup.status).toBe('download'); // browser mode offers it as a download...
    expect(backup.url).toMatch(/^\/download\/[\w-]+$/);
    const file = path.join(dir, 'backups', 'manual', backup.fileName); // ...and keeps a copy
    expect(fs.existsSync(file)).toBe(true);
    expect(backup.manifest.counts.contacts).toBe(3);
    expect(backup.manifest.attachments.files).toBe(1);

    // Work goes on after the backup.
    addContacts(core.context.db, ['Depois do backup'], 100);
    fs.rmSync(path.join(dir, 'attachments', 'c1', 'foto.jpg'));

    // The UI uploads the file in chunks (uploads.*, as an import does), then the core validates and stages it.
    const bytes = fs.readFileSync(file);
    const begin = await core.dispatch('uploads.begin', { fileName: 'meu-backup.zip', size: bytes.length, purpose: 'restore' });
    const uploadId = (begin as { result: { uploadId: string } }).result.uploadId;
    for (let offset = 0; offset < bytes.length; offset += 1000) {
      const r = await core.dispatch('uploads.chunk', { uploadId, offset, dataBase64: bytes.subarray(offset, offset + 1000).toString('base64') });
      expect(r.ok).toBe(true);
    }
    const uploaded = (await core.dispatch('uploads.finish', { uploadId })) as { result: { fileId: string } };
    const finish = await core.dispatch('data.restoreFinish', { fileId: uploaded.result.fileId });
    expect(finish).toMatchObject({ ok: true, result: { restartRequired: true, manifest: { counts: { contacts: 3 } } } });
    // The uploaded copy is gone once staged, and cannot be restored twice.
    expect(fs.existsSync(path.join(dir, 'tmp', 'uploads', uploadId))).toBe(false);
    expect(await core.dispatch('data.restoreFinish', { fileId: uploaded.result.fileId })).toMatchObject({ ok: false, error: { code: 'uploads.not_found' } });
    const status = await core.dispatch('data.status', undefined);
    expect(status).toMatchObject({ ok: true, result: { restorePending: { counts: { contacts: 3 } } } });
    // Nothing replaced yet: the running app still sees its data.
    expect(names(path.join(dir, 'recado.db'))).toContain('Depois do backup');

    await stop(core);
    core = startCore(dir);
    expect((core.context.db.prepare('SELECT name FROM contacts ORDER BY id').all() as Array<{ name: string }>).map((r) => r.name)).toEqual(['Ana', 'Bruno', 'Carla']);
    expect(fs.readFileSync(path.join(dir, 'attachments', 'c1', 'foto.jpg'), 'utf8')).toBe('jpeg-bytes');

    // The replaced data is kept, and the user is told where.
    const kept = fs.readdirSync(path.join(dir, 'backups')).filter((d) => d.startsWith('before-restore-'));
    expect(kept).toHaveLength(1);
    expect(names(path.join(dir, 'backups', kept[0], 'recado.db'))).toContain('Depois do backup');
    const notes = await core.dispatch('notifications.list', undefined);
    expect(notes).toMatchObject({ ok: true, result: [{ kind: 'backup.restored', title: 'Backup restaurado' }] });
    expect((notes as { result: Array<{ body: string }> }).result[0].body).toContain(kept[0]);
    const after = (await core.dispatch('data.status', undefined)) as { result: { restorePending: unknown; lastRestore: { ok: boolean } } };
    expect(after.result.restorePending).toBeNull();
    expect(after.result.lastRestore.ok).toBe(true);
  });

  it('a backup cannot be written to an arbitrary path from browser mode', async () => {
    const core = startCore(tmpDir());
    const reply = await core.dispatch('data.backupNow', { target: path.join(tmpDir(), 'x.zip') });
    expect(reply).toMatchObject({ ok: false, error: { code: 'backup.target_not_allowed' } });
  });
});

describe('restore refuses bad files and leaves the data alone', () => {
  async function goodBackup(): Promise<{ dir: string; file: string }> {
    const dir = tmpDir();
    const core = startCore(dir, 'cli');
    addContacts(core.context.db, ['Ana', 'Bruno']);
    const file = path.join(dir, 'good.zip');
    await createBackup({ db: core.context.db, dataDir: dir, target: file, kind: 'manual' });
    return { dir, file };
  }

  function rezip(file: string, change: (entries: Record<string, Uint8Array>) => void): string {
    const entries = unzipSync(new Uint8Array(fs.readFileSync(file)));
    change(entries);
    const out = file.replace(/\.zip$/, `-${Math.random().toString(36).slice(2)}.zip`);
    fs.writeFileSync(out, zipSync(entries));
    return out;
  }

  const manifestEdit = (patch: Record<string, unknown>) => (entries: Record<string, Uint8Array>) => {
    entries['manifest.json'] = strToU8(JSON.stringify({ ...JSON.parse(Buffer.from(entries['manifest.json']).toString()), ...patch }));
  };

  it('explains each problem in Portuguese, and stages nothing', async () => {
    const { file } = await goodBackup();
    const target = tmpDir();
    const junk = path.join(target, 'foto.zip');
    fs.writeFileSync(junk, Buffer.alloc(5000, 0x42));
    const notBackup = path.join(target, 'planilha.zip');
    fs.writeFileSync(notBackup, zipSync({ 'contatos.csv': strToU8('nome;telefone') }));

    // A damaged database whose checksum was recomputed: only integrity_check can tell.
    const damaged = rezip(file, (entries) => {
      const db = Buffer.from(entries['recado.db']);
      db.fill(0xff, 4096, 4 * 4096); // wreck pages 2 to 4
      entries['recado.db'] = new Uint8Array(db);
      const m = JSON.parse(Buffer.from(entries['manifest.json']).toString());
      m.database.sha256 = crypto.createHash('sha256').update(db).digest('hex');
      entries['manifest.json'] = strToU8(JSON.stringify(m));
    });
    // Bytes flipped in transit: the CRC catches it.
    const flipped = path.join(target, 'flipped.zip');
    const raw = fs.readFileSync(file);
    raw[Math.floor(raw.length / 2)] ^= 0xff;
    fs.writeFileSync(flipped, raw);

    const cases: Array<[string, string, RegExp]> = [
      [junk, 'backup.not_a_zip', /não é um backup válido/],
      [notBackup, 'backup.not_a_backup', /não é um backup do Recado/],
      [rezip(file, manifestEdit({ formatVersion: 2 })), 'backup.future_version', /versão mais nova do Recado/],
      [rezip(file, manifestEdit({ schemaVersion: 999, appVersion: '9.0.0' })), 'backup.future_version', /Recado 9\.0\.0, mais novo/],
      [rezip(file, manifestEdit({ format: undefined })), 'backup.not_a_backup', /não é um backup do Recado/],
      [damaged, 'backup.corrupt', /danificado/],
      [flipped, 'backup.corrupt', /danificado|não é um backup válido/],
    ];
    for (const [bad, code, message] of cases) {
      const err = await stageRestore(target, bad).then(
        () => null,
        (e: unknown) => e as { code: string; message: string },
      );
      expect(err, path.basename(bad)).not.toBeNull();
      expect([code, 'backup.not_a_zip']).toContain(err!.code);
      if (err!.code === code) expect(err!.message).toMatch(message);
      expect(pendingRestore(target)).toBeNull();
      expect(fs.existsSync(path.join(target, PENDING_DIR))).toBe(false);
    }
  });

  it('reports the refusal through the API as a typed error', async () => {
    const dir = tmpDir();
    const core = startCore(dir);
    addContacts(core.context.db, ['Ana']);
    const bytes = Buffer.from(zipSync({ 'outra-coisa.txt': strToU8('oi') }));
    const begin = (await core.dispatch('uploads.begin', { fileName: 'x.zip', size: bytes.length, purpose: 'restore' })) as { result: { uploadId: string } };
    await core.dispatch('uploads.chunk', { uploadId: begin.result.uploadId, offset: 0, dataBase64: bytes.toString('base64') });
    const uploaded = (await core.dispatch('uploads.finish', { uploadId: begin.result.uploadId })) as { result: { fileId: string } };
    const finish = await core.dispatch('data.restoreFinish', { fileId: uploaded.result.fileId });
    expect(finish).toMatchObject({ ok: false, error: { code: 'backup.not_a_backup', message: expect.stringContaining('não é um backup do Recado') } });
    expect(names(path.join(dir, 'recado.db'))).toEqual(['Ana']);
  });
});

describe('recado backup / recado restore', () => {
  it('backs up beside a running app, and refuses to restore until the app is closed', async () => {
    const dir = tmpDir();
    const core = startCore(dir);
    addContacts(core.context.db, ['Ana', 'Bruno']);
    const file = path.join(tmpDir(), 'cli-backup'); // .zip is added
    const io = silentIo();
    expect(await cliBackup(dir, file, io)).toBe(0);
    expect(io.lines[0]).toMatch(/^Backup salvo em .*cli-backup\.zip/);
    expect(io.lines[1]).toContain('Contatos: 2');

    addContacts(core.context.db, ['Carla'], 50);
    // The app's lock, as another process (a running `recado serve`) would hold it.
    const lockFile = path.join(dir, 'recado.lock');
    const ours = fs.readFileSync(lockFile, 'utf8');
    fs.writeFileSync(lockFile, JSON.stringify({ pid: process.ppid, mode: 'browser', url: 'http://127.0.0.1:4321/', startedAt: Date.now() }));
    const refused = silentIo();
    expect(await cliRestore(dir, `${file}.zip`, refused)).toBe(1);
    expect(refused.lines.join('\n')).toMatch(/Não é possível restaurar enquanto o Recado está aberto .*em http:\/\/127\.0\.0\.1:4321\/.*Feche o Recado/);
    expect(names(path.join(dir, 'recado.db'))).toContain('Carla');
    fs.writeFileSync(lockFile, ours);

    await stop(core);
    const done = silentIo();
    expect(await cliRestore(dir, `${file}.zip`, done)).toBe(0);
    expect(done.lines.join('\n')).toMatch(/restaurado\. Os dados que estavam no Recado antes foram guardados em .*before-restore-/);
    expect(names(path.join(dir, 'recado.db'))).toEqual(['Ana', 'Bruno']);
    expect(fs.existsSync(path.join(dir, 'recado.lock'))).toBe(false);
  });

  it('says what is wrong with a bad file, and how to call it', async () => {
    const dir = tmpDir();
    startCore(dir, 'cli');
    const usage = silentIo();
    expect(await cliBackup(dir, undefined, usage)).toBe(2);
    expect(usage.lines[0]).toMatch(/^Uso: recado backup/);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/helpers/temp-dir';
import { coreCaller } from '../../tests/helpers/core';
import { createCore } from './core';
import { openStore } from './db/open';

let tmp: ReturnType<typeof makeTempDir>;
let savedUmask: number;
beforeEach(() => {
  tmp = makeTempDir('recado-modes-');
  // A typical desktop umask: without our own care, files would be 0644 and folders 0755.
  savedUmask = process.umask(0o022);
});
afterEach(() => {
  process.umask(savedUmask);
  tmp.cleanup();
});

/** Every folder and file under `dir` with its permission bits, as "relative/path 700". */
function modes(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(`${path.relative(dir, p)} ${(fs.statSync(p).mode & 0o777).toString(8)}`);
      if (e.isDirectory()) walk(p);
    }
  };
  out.push(`. ${(fs.statSync(dir).mode & 0o777).toString(8)}`);
  walk(dir);
  return out;
}

describe.skipIf(process.platform === 'win32')('data folder permissions', () => {
  it('creates the data folder 0700 and every file in it 0600: database, WAL, uploads, backups, exports, logs', async () => {
    const dataDir = path.join(tmp.dir, 'Recado');
    const core = createCore({ dataDir, mode: 'browser' });
    try {
      const call = coreCaller(core);
      const csv = Buffer.from('Nome;Celular\nAna;11987654321\n');
      const { uploadId } = await call('uploads.begin', { fileName: 'clientes.csv', size: csv.length });
      await call('uploads.chunk', { uploadId, offset: 0, dataBase64: csv.toString('base64') });
      await call('uploads.finish', { uploadId });
      await call('lists.create', { name: 'Clientes' });
      await call('contacts.export', { format: 'csv' });
      await call('data.backupNow');
      const all = modes(dataDir);
      // The things the issue names are all there...
      for (const name of ['recado.db', 'recado.db-wal', 'tmp', 'backups', 'exports', 'logs']) expect(all.some((l) => l.startsWith(name))).toBe(true);
      expect(all.some((l) => /^tmp\/uploads\/[a-f0-9]{32}\/clientes\.csv /.test(l))).toBe(true);
      expect(all.some((l) => /^backups\/.*\.zip /.test(l))).toBe(true);
      // ...and none is readable by other users.
      const loose = all.filter((l) => {
        const [p, m] = l.split(' ');
        const isDir = fs.statSync(path.join(dataDir, p)).isDirectory();
        return m !== (isDir ? '700' : '600');
      });
      expect(loose).toEqual([]);
    } finally {
      await core.close();
    }
  });

  it('tightens a data folder an older version left readable', () => {
    const dataDir = path.join(tmp.dir, 'old');
    openStore(dataDir).db.close();
    fs.mkdirSync(path.join(dataDir, 'backups'), { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'backups', 'recado-v1.db'), 'x');
    for (const p of [dataDir, path.join(dataDir, 'backups')]) fs.chmodSync(p, 0o755);
    for (const p of ['recado.db', 'backups/recado-v1.db']) fs.chmodSync(path.join(dataDir, p), 0o644);
    // Someone else's file in a folder chosen with --data-dir is none of our business.
    fs.writeFileSync(path.join(dataDir, 'notas.txt'), 'x', { mode: 0o644 });
    fs.chmodSync(path.join(dataDir, 'notas.txt'), 0o644);

    openStore(dataDir).db.close();
    const m = Object.fromEntries(modes(dataDir).map((l) => l.split(' ')));
    expect(m).toMatchObject({ '.': '700', 'recado.db': '600', backups: '700', 'backups/recado-v1.db': '600', 'notas.txt': '644' });
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { safeFileName, UploadStore } from './upload-store';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir('recado-uploads-');
});
afterEach(() => tmp.cleanup());

describe('UploadStore', () => {
  it('keeps a safe file name with its extension (the importer reads it)', () => {
    expect(safeFileName('..\\..\\Clientes São Paulo.xlsx')).toBe('Clientes São Paulo.xlsx');
    expect(safeFileName('a/b/c:d?.csv')).toBe('c_d_.csv');
    expect(safeFileName('')).toBe('arquivo');
    expect(safeFileName('x'.repeat(300) + '.csv')).toMatch(/^x{116}\.csv$/);
  });

  it('drops uploads nobody touched for a while', () => {
    let now = 1_000;
    const store = new UploadStore(path.join(tmp.dir, 'up'), { maxBytes: 100, chunkBytes: 10, idleMs: 500 }, () => now);
    const a = store.begin('a.csv', 3);
    store.chunk(a.uploadId, 0, Buffer.from('abc'));
    const { fileId } = store.finish(a.uploadId);
    expect(fs.readFileSync(store.pathOf(fileId).file, 'utf8')).toBe('abc');
    now += 1_000;
    store.begin('b.csv', 1); // sweeps on the way
    expect(() => store.pathOf(fileId)).toThrow(/não está mais disponível/);
    expect(fs.existsSync(path.join(tmp.dir, 'up', fileId))).toBe(false);
  });

  it('sweeps an upload abandoned after its preview while the app keeps running, but not one in use', () => {
    vi.useFakeTimers();
    try {
      let now = 1_000;
      const store = new UploadStore(path.join(tmp.dir, 'up'), { maxBytes: 100, chunkBytes: 10, idleMs: 60_000 }, () => now);
      const stop = store.startSweeping(10_000);
      const put = (name: string) => {
        const a = store.begin(name, 1);
        store.chunk(a.uploadId, 0, Buffer.from('x'));
        return store.finish(a.uploadId).fileId;
      };
      const previewed = put('a.csv');
      const importing = put('b.csv');
      const release = store.hold(importing);
      now += 120_000;
      vi.advanceTimersByTime(10_000);
      expect(fs.existsSync(path.join(tmp.dir, 'up', previewed))).toBe(false);
      expect(fs.existsSync(path.join(tmp.dir, 'up', importing))).toBe(true);
      release();
      now += 120_000;
      vi.advanceTimersByTime(10_000);
      expect(fs.existsSync(path.join(tmp.dir, 'up', importing))).toBe(false);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('caps a spreadsheet, but takes a backup to restore however large the data it holds', () => {
    const store = new UploadStore(path.join(tmp.dir, 'up'), { maxBytes: 100, chunkBytes: 100, idleMs: 60_000 });
    expect(() => store.begin('clientes.csv', 150)).toThrow(/o limite é/);
    const b = store.begin('backup.zip', 150, 'restore');
    store.chunk(b.uploadId, 0, Buffer.alloc(100));
    store.chunk(b.uploadId, 100, Buffer.alloc(50));
    expect(store.finish(b.uploadId)).toMatchObject({ fileName: 'backup.zip', size: 150 });
  });

  it('refuses chunks bigger than the limit', () => {
    const store = new UploadStore(path.join(tmp.dir, 'up'), { maxBytes: 100, chunkBytes: 4, idleMs: 1000 });
    const { uploadId } = store.begin('a.csv', 10);
    expect(() => store.chunk(uploadId, 0, Buffer.from('12345'))).toThrow(expect.objectContaining({ code: 'uploads.chunk_too_large' }));
  });
});

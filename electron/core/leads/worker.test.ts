import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { READ_SHARE } from './import';
import type { ImportOptions, ImportProgress } from './import-types';
import { countContacts, openTestDb, type TestDb } from './test-db';
import { runImportInWorker } from './worker';

let t: TestDb;
beforeEach(() => {
  t = openTestDb();
});
afterEach(() => {
  t.cleanup();
});

const opts: ImportOptions = { mapping: { phone: 1, name: 0, fields: {} }, list: { name: 'W' }, consentSource: 'worker', onExisting: 'update' };

function bigCsv(rows: number): string {
  const p = path.join(t.dir, 'w.csv');
  let body = 'Nome;Telefone\n';
  for (let i = 0; i < rows; i++) body += `Pessoa ${i};(11) 9${String(60000000 + i)}\n`;
  fs.writeFileSync(p, body);
  return p;
}

describe('runImportInWorker', () => {
  it('imports in a worker thread on its own connection and reports progress', async () => {
    const progress: ImportProgress[] = [];
    const r = await runImportInWorker(t.file, { path: bigCsv(30000) }, opts, { onProgress: (p) => progress.push(p) });
    expect(r).toMatchObject({ imported: 30000, rowsRead: 30000 });
    expect(countContacts(t.db)).toBe(30000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ phase: 'saving', percent: 100 });
    // The bar only moves forward, and keeps moving while a big merge runs (contacts, search, list).
    const percents = progress.map((p) => p.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(progress.filter((p) => p.phase === 'reading').every((p) => p.percent <= READ_SHARE)).toBe(true);
    expect(progress.filter((p) => p.phase === 'saving' && p.percent > READ_SHARE && p.percent < 80).length).toBeGreaterThanOrEqual(3);
  });

  it('rolls back when cancelled and rejects with a pt-BR error', async () => {
    const ac = new AbortController();
    const p = runImportInWorker(t.file, { path: bigCsv(30000) }, opts, {
      signal: ac.signal,
      onProgress: (pr) => {
        if (pr.phase === 'saving') ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'import.cancelled' });
    expect(countContacts(t.db)).toBe(0);
  });

  it('stops reading when cancelled mid-file, leaving the database untouched and unlocked', async () => {
    const ac = new AbortController();
    const seen: ImportProgress[] = [];
    const p = runImportInWorker(t.file, { path: bigCsv(200_000) }, opts, {
      signal: ac.signal,
      onProgress: (pr) => {
        seen.push(pr);
        if (pr.phase === 'reading' && pr.rowsRead > 0) ac.abort();
      },
    });
    await expect(p).rejects.toMatchObject({ code: 'import.cancelled' });
    expect(seen.some((pr) => pr.phase === 'saving')).toBe(false);
    expect(countContacts(t.db)).toBe(0);
    // Nothing holds the write lock: the app can write at once.
    expect(() => t.db.exec('BEGIN IMMEDIATE; ROLLBACK')).not.toThrow();
  });

  it('passes import errors through with their code', async () => {
    await expect(runImportInWorker(t.file, { path: path.join(t.dir, 'missing.csv') }, opts)).rejects.toMatchObject({ code: 'import.file_not_found' });
  });

  it('says the file is too large for memory when the reader thread runs out, and changes nothing', async () => {
    // A heap cap far below what parsing needs: the reader thread dies of it, as it would on a
    // spreadsheet too big for its real cap, and the importing thread only sees its channel close.
    const p = runImportInWorker(t.file, { path: bigCsv(30000) }, opts, {}, { readerHeapMb: 2 });
    await expect(p).rejects.toMatchObject({ code: 'import.too_large', message: expect.stringMatching(/grande demais para a memória/) });
    expect(countContacts(t.db)).toBe(0);
    expect(() => t.db.exec('BEGIN IMMEDIATE; ROLLBACK')).not.toThrow();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImportError } from '../errors';
import { importLeads } from '../import';
import { countContacts, openTestDb, tempDir } from '../test-db';
import { setSpreadsheetLimitsForTests } from './limits';
import { previewFile } from './preview';
import { bombSheet, SHEET_HEAD, SHEET_TAIL, workbookParts, writeZip } from './test-zip';

let dir: string;
beforeEach(() => {
  dir = tempDir('recado-limits-');
});
afterEach(() => {
  setSpreadsheetLimitsForTests();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function failure(p: Promise<unknown>): Promise<ImportError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    return err as ImportError;
  }
  throw new Error('expected an ImportError');
}

const importOptions = { mapping: { phone: 1, name: 0, fields: {} }, list: { name: 'L' }, consentSource: 't', onExisting: 'keep' as const };

describe('spreadsheet limits', () => {
  it('refuses an .xlsx that declares more than the limit uncompressed, before inflating it', async () => {
    const file = path.join(dir, 'bomba.xlsx');
    writeZip(file, workbookParts(bombSheet(300)));
    expect(fs.statSync(file).size).toBeLessThan(3 << 20);
    const err = await failure(previewFile(file));
    expect(err.code).toBe('import.too_large');
    expect(err.message).toMatch(/teria 3\d\d MB, mais do que o limite de 200 MB/);
    expect(err.message).toMatch(/CSV UTF-8/);
  });

  it('refuses an .xlsx whose sheet inflates past the size it declares', async () => {
    const file = path.join(dir, 'mentirosa.xlsx');
    writeZip(file, workbookParts(bombSheet(50, 4096)));
    const err = await failure(previewFile(file));
    expect(err.code).toBe('import.corrupt_file');
    expect(err.message).toMatch(/danificado/);
    // The import path checks too.
    const t = openTestDb(tempDir());
    try {
      expect((await failure(importLeads(t.db, { path: file }, importOptions))).code).toBe('import.corrupt_file');
      expect(countContacts(t.db)).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('counts what really inflates, whatever the parts declare', async () => {
    setSpreadsheetLimitsForTests({ maxUncompressedBytes: 3 << 20 });
    const file = path.join(dir, 'grande.xlsx');
    writeZip(file, workbookParts(bombSheet(2), [{ name: 'xl/extra.xml', ...bombSheet(2) }]));
    expect((await failure(previewFile(file))).code).toBe('import.too_large');
  });

  it('refuses a sheet with more rows than the limit, in the preview and in the import', async () => {
    setSpreadsheetLimitsForTests({ maxRows: 100 });
    const rows = Array.from({ length: 150 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>P${i}</t></is></c><c r="B${i + 1}"><v>${11987650000 + i}</v></c></row>`).join('');
    const file = path.join(dir, 'linhas.xlsx');
    writeZip(file, workbookParts({ data: SHEET_HEAD + rows + SHEET_TAIL }));
    const err = await failure(previewFile(file));
    expect(err).toMatchObject({ code: 'import.too_large', message: expect.stringMatching(/passa de 100 linhas/) });
    const t = openTestDb(tempDir());
    try {
      expect((await failure(importLeads(t.db, { path: file }, { ...importOptions, sheet: 'Leads', headerRow: -1 }))).code).toBe('import.too_large');
      expect(countContacts(t.db)).toBe(0);
    } finally {
      t.cleanup();
    }
  });

  it('refuses a legacy .xls larger than the limit', async () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['Nome', 'Telefone'], ...Array.from({ length: 200 }, (_, i) => [`P${i}`, 11987650000 + i])]), 'S');
    const file = path.join(dir, 'velha.xls');
    fs.writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'biff8' }) as Buffer);
    setSpreadsheetLimitsForTests({ maxUncompressedBytes: 1024 });
    expect((await failure(previewFile(file))).code).toBe('import.too_large');
  });
});

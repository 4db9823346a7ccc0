import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import { ZipFileWriter } from './zip-writer';
import { ZipReader, isSafeEntryName } from './zip-reader';

const temp: string[] = [];
afterEach(() => temp.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-zip-'));
  temp.push(d);
  return d;
};

describe('zip writer', () => {
  it('writes archives any unzip tool reads (here fflate), deflated and stored, with UTF-8 names', async () => {
    const dir = tmpDir();
    const big = Buffer.alloc(3 * 1024 * 1024, 'recado ');
    fs.writeFileSync(path.join(dir, 'big.bin'), big);
    const file = path.join(dir, 'out.zip');
    const w = await ZipFileWriter.create(file);
    await w.addBuffer('manifest.json', '{"a":1}');
    await w.addFile('dados/grande.bin', path.join(dir, 'big.bin'));
    await w.addBuffer('anexos/foto-ção.jpg', Buffer.from([1, 2, 3]), { compress: false });
    await w.addBuffer('vazio.txt', '');
    await w.close();

    const out = unzipSync(new Uint8Array(fs.readFileSync(file)));
    expect(Object.keys(out).sort()).toEqual(['anexos/foto-ção.jpg', 'dados/grande.bin', 'manifest.json', 'vazio.txt']);
    expect(Buffer.from(out['dados/grande.bin']).equals(big)).toBe(true);
    expect(Buffer.from(out['manifest.json']).toString()).toBe('{"a":1}');
    expect([...out['anexos/foto-ção.jpg']]).toEqual([1, 2, 3]);
    expect(fs.statSync(file).size).toBeLessThan(big.length / 10); // really compressed
  });
});

describe('zip reader', () => {
  it('reads archives made by other tools and verifies what it extracts', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'other.zip');
    fs.writeFileSync(file, zipSync({ 'a.txt': strToU8('olá'), 'pasta/b.txt': [strToU8('x'.repeat(10000)), { level: 9 }] }));
    const zip = await ZipReader.open(file);
    try {
      expect([...zip.entries.keys()].sort()).toEqual(['a.txt', 'pasta/b.txt']);
      expect((await zip.readBuffer('a.txt')).toString()).toBe('olá');
      await zip.extractTo('pasta/b.txt', path.join(dir, 'x', 'b.txt'));
      expect(fs.readFileSync(path.join(dir, 'x', 'b.txt'), 'utf8')).toBe('x'.repeat(10000));
    } finally {
      await zip.close();
    }
  });

  it('refuses a damaged entry instead of extracting garbage', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'damaged.zip');
    const w = await ZipFileWriter.create(file);
    await w.addBuffer('data.bin', Buffer.alloc(100_000, 7), { compress: false });
    await w.close();
    const bytes = fs.readFileSync(file);
    bytes[30 + 'data.bin'.length + 500] ^= 0xff; // flip a byte inside the stored data
    fs.writeFileSync(file, bytes);
    const zip = await ZipReader.open(file);
    try {
      await expect(zip.extractTo('data.bin', path.join(dir, 'out.bin'))).rejects.toThrow(/corrompido/);
    } finally {
      await zip.close();
    }
  });

  it('refuses files that are not zips, truncated zips and names that escape the folder', async () => {
    const dir = tmpDir();
    const junk = path.join(dir, 'junk.zip');
    fs.writeFileSync(junk, 'isto não é um zip'.repeat(10));
    await expect(ZipReader.open(junk)).rejects.toMatchObject({ code: 'backup.not_a_zip' });

    const good = path.join(dir, 'good.zip');
    fs.writeFileSync(good, zipSync({ 'a.txt': strToU8('a'.repeat(1000)) }));
    const truncated = path.join(dir, 'truncated.zip');
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, 60));
    await expect(ZipReader.open(truncated)).rejects.toMatchObject({ code: 'backup.not_a_zip' });

    const evil = path.join(dir, 'evil.zip');
    fs.writeFileSync(evil, zipSync({ '../../etc/passwd': strToU8('x') }));
    await expect(ZipReader.open(evil)).rejects.toThrow(/inseguro/);

    expect(['a/b.txt', 'attachments/x.png'].every(isSafeEntryName)).toBe(true);
    expect(['/abs', 'C:/win', 'a/../../b', 'a\\b', ''].some(isSafeEntryName)).toBe(false);
  });
});

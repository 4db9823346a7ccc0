import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RotatingFile } from './rotating-file';
import { makeTempDir } from '../../../tests/helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('RotatingFile', () => {
  it('rotates by size and keeps a bounded number of files', () => {
    const file = path.join(tmp.dir, 'logs', 'recado.log');
    const sink = new RotatingFile({ file, maxBytes: 100, keep: 2 });
    for (let i = 0; i < 20; i++) sink.writeNow(Buffer.from(`line ${i} ${'x'.repeat(30)}\n`));
    const files = fs.readdirSync(path.dirname(file)).sort();
    expect(files).toEqual(['recado.log', 'recado.log.1', 'recado.log.2']);
    for (const f of files) expect(fs.statSync(path.join(path.dirname(file), f)).size).toBeLessThanOrEqual(100);
    expect(fs.readFileSync(file, 'utf8')).toContain('line 19');
  });

  it('drops lines instead of throwing when the file cannot be written', () => {
    const file = path.join(tmp.dir, 'recado.log');
    const sink = new RotatingFile({ file });
    // Simulate the descriptor going bad (as on a full or unmounted disk).
    fs.closeSync((sink as unknown as { fd: number }).fd);
    expect(() => sink.writeNow(Buffer.from('x\n'))).not.toThrow();
    expect(sink.dropped).toBe(1);
  });
});

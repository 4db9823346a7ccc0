import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GroupCommitAppender } from './durable-file';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-durable-'));
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(name: string): { fd: number; file: string } {
  const file = path.join(dir, name);
  return { fd: fs.openSync(file, 'a+'), file };
}

describe('GroupCommitAppender', () => {
  it('keeps the order of appends and commits those that arrive during a flush together', async () => {
    const { fd, file } = open('a.log');
    const syncs = vi.spyOn(fs, 'fdatasync');
    const log = new GroupCommitAppender(fd, 0);
    const first = log.append('1\n');
    // These arrive while the first is being written: one more write and one more sync for all.
    const rest = Array.from({ length: 50 }, (_, i) => log.append(`${i + 2}\n`));
    await Promise.all([first, ...rest]);
    expect(fs.readFileSync(file, 'utf8').trim().split('\n').map(Number)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
    expect(syncs).toHaveBeenCalledTimes(2);
    fs.closeSync(fd);
  });

  it('rejects a batch whose sync failed and leaves none of it in the file', async () => {
    const { fd, file } = open('b.log');
    const log = new GroupCommitAppender(fd, 0);
    await log.append('kept\n');
    vi.spyOn(fs, 'fdatasync').mockImplementationOnce(((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      cb(Object.assign(new Error('disk full'), { code: 'ENOSPC' }));
    }) as typeof fs.fdatasync);
    await expect(log.append('lost\n')).rejects.toThrow('disk full');
    expect(fs.readFileSync(file, 'utf8')).toBe('kept\n');
    // The next append goes on from the cut.
    await log.append('next\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('kept\nnext\n');
    fs.closeSync(fd);
  });
});

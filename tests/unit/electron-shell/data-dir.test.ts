import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requestedDataDir } from '../../../electron/main/data-dir';

const cwd = path.resolve('/home/ana');

describe('requestedDataDir', () => {
  it('uses the userData default when nothing is asked', () => {
    expect(requestedDataDir(['/opt/Recado/recado'], {}, cwd)).toBeNull();
  });

  it('reads --data-dir in both spellings, relative to the working dir', () => {
    expect(requestedDataDir(['recado', '--data-dir', 'loja2'], {}, cwd)).toBe(path.join(cwd, 'loja2'));
    expect(requestedDataDir(['recado', `--data-dir=${path.resolve('/dados/recado')}`], {}, cwd)).toBe(path.resolve('/dados/recado'));
  });

  it('prefers the flag over RECADO_DATA_DIR, and uses the variable otherwise', () => {
    const env = { RECADO_DATA_DIR: '/env/dir' };
    expect(requestedDataDir(['recado', '--data-dir=flag'], env, cwd)).toBe(path.join(cwd, 'flag'));
    expect(requestedDataDir(['recado'], env, cwd)).toBe(path.resolve(cwd, '/env/dir'));
  });

  it('ignores an empty value or a flag without a value', () => {
    expect(requestedDataDir(['recado', '--data-dir'], { RECADO_DATA_DIR: '  ' }, cwd)).toBeNull();
    expect(requestedDataDir(['recado', '--data-dir', '--inspect'], {}, cwd)).toBeNull();
    expect(requestedDataDir(['recado', '--data-dir='], {}, cwd)).toBeNull();
  });
});

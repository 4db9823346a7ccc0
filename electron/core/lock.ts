import fs from 'node:fs';
import path from 'node:path';

export const LOCK_FILE = 'recado.lock';

export interface LockInfo {
  pid: number;
  mode: string;
  url?: string;
  startedAt: number;
}

export class DataDirLockedError extends Error {
  readonly code = 'store.locked';
  constructor(
    readonly holder: LockInfo,
    dataDir: string,
  ) {
    super(
      `O Recado já está aberto usando a pasta de dados ${dataDir} (processo ${holder.pid}${holder.url ? `, em ${holder.url}` : ''}). ` +
        'Feche a outra janela antes, ou use outra pasta com --data-dir.',
    );
    this.name = 'DataDirLockedError';
  }
}

/**
 * One engine per data dir: two processes running the same campaigns could send twice.
 * The lock holds the owner's pid; a lock whose process is gone is stale and taken over.
 */
export function acquireDataDirLock(dataDir: string, info: Omit<LockInfo, 'pid' | 'startedAt'>): { update(patch: Partial<LockInfo>): void; release(): void } {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const mine: LockInfo = { pid: process.pid, startedAt: Date.now(), ...info };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx', mode: 0o600 });
      let held = true;
      return {
        update(patch) {
          if (!held) return;
          Object.assign(mine, patch);
          fs.writeFileSync(file, JSON.stringify(mine), { mode: 0o600 });
        },
        release() {
          if (!held) return;
          held = false;
          try {
            const current = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
            if (current.pid === process.pid) fs.unlinkSync(file);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') {
        throw Object.assign(
          new Error(`A pasta de dados ${dataDir} está somente leitura ou sem permissão de escrita. Escolha outra pasta (--data-dir) ou corrija as permissões.`),
          { code: 'store.read_only' },
        );
      }
      if (code === 'ENOSPC') {
        throw Object.assign(new Error(`O disco da pasta de dados ${dataDir} está cheio. Libere espaço e abra o Recado de novo.`), { code: 'store.disk_full' });
      }
      if (code !== 'EEXIST') throw err;
      const holder = readLock(file);
      if (holder && holder.pid !== process.pid && isAlive(holder.pid)) throw new DataDirLockedError(holder, dataDir);
      try {
        fs.unlinkSync(file);
      } catch {
        // Someone else removed it first; retry.
      }
    }
  }
  throw new Error('could not acquire data dir lock');
}

function readLock(file: string): LockInfo | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

import { afterEach, beforeEach } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/log/logger';
import { makeTempDir } from './temp-dir';
import type { MethodName } from '../../shared/api/contract';

/**
 * Calls the core as the renderer does; a failed reply throws an Error carrying its code and
 * details. `method` is a contract name, so a test cannot call a method that does not exist.
 */
export async function callCore<T = any>(core: Core, method: MethodName, input?: unknown): Promise<T> {
  const reply = await core.dispatch(method, input);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result as T;
}

/**
 * A fresh core on a temp data dir before each test of the file, closed and removed after it.
 * Read `t.core` and `t.dir` inside tests: they are new for every test.
 */
export function useTempCore(options: { mode?: CoreOptions['mode']; prefix?: string } = {}) {
  let tmp: ReturnType<typeof makeTempDir> | undefined;
  let core: Core | undefined;
  beforeEach(() => {
    tmp = makeTempDir(options.prefix);
    core = createCore({ dataDir: tmp.dir, mode: options.mode ?? 'browser', logger: silentLogger() });
  });
  afterEach(async () => {
    await core?.close();
    tmp?.cleanup();
    core = undefined;
    tmp = undefined;
  });
  return {
    get core(): Core {
      if (!core) throw new Error('useTempCore: only inside a test');
      return core;
    },
    get dir(): string {
      if (!tmp) throw new Error('useTempCore: only inside a test');
      return tmp.dir;
    },
    call: <T = any>(method: MethodName, input?: unknown) => callCore<T>(core!, method, input),
  };
}

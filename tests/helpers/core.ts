import { afterEach, beforeEach } from 'vitest';
import { createCore, type Core, type CoreOptions } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/log/logger';
import { makeTempDir } from './temp-dir';
import type { MethodInput, MethodName, MethodOutput } from '../../shared/api/contract';

/**
 * Calls the core as the renderer does; a failed reply throws an Error carrying its code and
 * details. The method name, its input and its answer are typed from the contract
 * (shared/api/contract.ts), so a misspelt method or a wrong input does not compile.
 */
export async function callCore<M extends MethodName>(core: Core, method: M, input?: MethodInput<M>): Promise<MethodOutput<M>> {
  const reply = await core.dispatch(method, input);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result as MethodOutput<M>;
}

/**
 * For a test that sends on purpose what the contract refuses (the core must reject it): the
 * method name is still checked, the input is not.
 */
export async function callCoreUnchecked(core: Core, method: MethodName, input: unknown): Promise<unknown> {
  const reply = await core.dispatch(method, input);
  if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
  return reply.result;
}

/** `callCore` bound to one core (or to the core of the moment, for helpers built before it). */
export type CoreCall = <M extends MethodName>(method: M, input?: MethodInput<M>) => Promise<MethodOutput<M>>;
export function coreCaller(core: Core | (() => Core)): CoreCall {
  return (method, input) => callCore(typeof core === 'function' ? core() : core, method, input);
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
    call: coreCaller(() => {
      if (!core) throw new Error('useTempCore: only inside a test');
      return core;
    }),
  };
}

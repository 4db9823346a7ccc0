import { describe, expect, it } from 'vitest';
import { callCore, callCoreUnchecked, useTempCore } from '../helpers/core';

const t = useTempCore({ prefix: 'recado-call-core-' });

describe('callCore: the test helpers call the contract', () => {
  it('answers typed from the contract, and a refused input throws with its code', async () => {
    const info = await t.call('app.info');
    // `info.name` is typed as the contract's AppInfo: no cast in the test.
    expect(typeof info.name).toBe('string');
    await expect(callCoreUnchecked(t.core, 'numbers.addSimulator', { label: 7 })).rejects.toMatchObject({ code: 'api.invalid_input' });
  });

  it('a misspelt method or a wrong input does not compile', () => {
    // Type checks only (tsc -p tsconfig.json), never run: each line below must fail to compile.
    const neverRun = async () => {
      // @ts-expect-error no such method
      await callCore(t.core, 'campaigns.overveiw');
      // @ts-expect-error the input is checked against the method's schema
      await t.call('numbers.addSimulator', { label: 7 });
      // @ts-expect-error the answer is the method's output, not any
      (await t.call('app.info')).notAField.toString();
    };
    expect(typeof neverRun).toBe('function');
  });
});

// The cost of one API round trip through the core (zod validation + dispatcher + settings read)
// against the same SQLite read done directly, in the same process.
import { createCore } from '../../electron/core/core';
import { silentLogger } from '../../electron/core/log/logger';
import { makeTempDir } from '../helpers/temp-dir';

const N = 20_000;
const tmp = makeTempDir('recado-bench-');
const core = createCore({ dataDir: tmp.dir, mode: 'cli', logger: silentLogger() });
const { db } = core.context;
await core.dispatch('settings.update', { businessName: 'Padaria' });

const direct = db.prepare('SELECT key, value FROM settings');
function timeIt(fn: () => unknown, n: number): number {
  for (let i = 0; i < 500; i++) fn(); // warm-up
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const baselineMs = timeIt(() => direct.all(), N);
let apiMs = 0;
{
  for (let i = 0; i < 500; i++) await core.dispatch('settings.get', undefined);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) await core.dispatch('settings.get', undefined);
  apiMs = Number(process.hrtime.bigint() - t0) / 1e6;
}
await core.close();
tmp.cleanup();

const ratio = apiMs / baselineMs;
console.log(`direct SQLite read: ${((baselineMs / N) * 1000).toFixed(1)} µs/op`);
console.log(`API settings.get:   ${((apiMs / N) * 1000).toFixed(1)} µs/op (ratio ${ratio.toFixed(2)}×)`);
console.log(JSON.stringify({ bench: 'store', ops: N, directUsPerOp: (baselineMs / N) * 1000, apiUsPerOp: (apiMs / N) * 1000, ratio, pass: apiMs / N < 1 }));

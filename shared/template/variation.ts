import { createRng, randomIndex } from './random';

export type VariationStrategy = 'even' | 'random' | 'round_robin';

/**
 * Which of a campaign's variations the next message uses.
 * `counts[i]` = messages already sent with variation i. Returns -1 when there are none.
 * - even: the least used one (ties broken by the seed, so parallel senders spread out);
 * - random: uniform by the seed;
 * - round_robin: cycles 0, 1, 2… based on the total sent so far.
 */
export function pickVariation(strategy: VariationStrategy, counts: readonly number[], seed: number | string): number {
  const n = counts.length;
  if (n === 0) return -1;
  const safe = counts.map((c) => (Number.isFinite(c) && c > 0 ? Math.floor(c) : 0));
  if (strategy === 'round_robin') {
    const total = safe.reduce((s, c) => s + c, 0);
    return total % n;
  }
  const rng = createRng(seed);
  if (strategy === 'even') {
    const min = Math.min(...safe);
    const ties = safe.flatMap((c, i) => (c === min ? [i] : []));
    return ties[randomIndex(rng, ties.length)];
  }
  return randomIndex(rng, n);
}

/**
 * Small seeded PRNG so a (template, contact, seed) triple always renders the same text:
 * the preview shows exactly what the send loop will send.
 */

/** xmur3 string hash → 32-bit seed. */
export function hashSeed(seed: number | string): number {
  const str = String(seed);
  let h = 1779033703 ^ str.length;
  for (let i = 0; i < str.length; i++) {
    h = Math.imul(h ^ str.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^= h >>> 16) >>> 0;
}

/** mulberry32: returns floats in [0, 1). */
export function mulberry32(a: number): () => number {
  let state = a >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createRng(seed: number | string): () => number {
  return mulberry32(hashSeed(seed));
}

/** Uniform integer in [0, n). */
export function randomIndex(rng: () => number, n: number): number {
  if (n <= 1) return 0;
  return Math.min(n - 1, Math.floor(rng() * n));
}

/** A source of uniform numbers in [0, 1), injectable so pacing is deterministic in tests. */
export type Rng = () => number;

/** 32-bit hash of a string (FNV-1a + murmur3 finalizer for well-spread bits); stable everywhere. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Seeded PRNG (mulberry32). Same seed → same sequence. Not for cryptography. */
export function seededRng(seed: number | string): Rng {
  let a = (typeof seed === 'string' ? hashString(seed) : seed) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Uniform integer in [min, max] (inclusive). */
export function uniformInt(rng: Rng, min: number, max: number): number {
  if (max <= min) return Math.round(min);
  return Math.min(max, Math.floor(min + rng() * (max - min + 1)));
}

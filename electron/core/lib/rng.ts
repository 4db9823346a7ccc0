import { mulberry32 } from '../../../shared/template/random';

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

/** Seeded PRNG (the template engine's mulberry32). Same seed → same sequence. Not for cryptography. */
export function seededRng(seed: number | string): Rng {
  return mulberry32(typeof seed === 'string' ? hashString(seed) : seed);
}

/** Uniform integer in [min, max] (inclusive). */
export function uniformInt(rng: Rng, min: number, max: number): number {
  if (max <= min) return Math.round(min);
  return Math.min(max, Math.floor(min + rng() * (max - min + 1)));
}

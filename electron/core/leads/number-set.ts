/**
 * Set of positive integers below 2^53 in an open-addressing Float64Array: E.164 numbers as
 * digits fit, so a million phones cost ~16 MB and no per-entry objects.
 */
export class NumberSet {
  private table: Float64Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 4;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.table = new Float64Array(cap);
    this.mask = cap - 1;
  }

  private static slot(k: number, mask: number): number {
    const lo = k % 4294967296 | 0;
    const hi = (k / 4294967296) | 0;
    let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h & mask;
  }

  /** Adds k (> 0); returns false when it was already there. */
  add(k: number): boolean {
    if ((this.size + 1) * 2 > this.table.length) this.grow();
    const t = this.table;
    const mask = this.mask;
    let i = NumberSet.slot(k, mask);
    for (;;) {
      const v = t[i];
      if (v === 0) {
        t[i] = k;
        this.size++;
        return true;
      }
      if (v === k) return false;
      i = (i + 1) & mask;
    }
  }

  /** Makes room for `n` entries in all, so adding them never rehashes. */
  reserve(n: number): void {
    let cap = this.table.length;
    while (cap < n * 2) cap <<= 1;
    if (cap > this.table.length) this.resize(cap);
  }

  private grow(): void {
    this.resize(this.table.length * 2);
  }

  private resize(capacity: number): void {
    const old = this.table;
    this.table = new Float64Array(capacity);
    this.mask = this.table.length - 1;
    this.size = 0;
    for (const v of old) if (v !== 0) this.add(v);
  }
}

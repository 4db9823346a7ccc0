import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isOpen, nextOpen, windowCloseAt, type SendingWindow } from './index';

const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

const windowArb: fc.Arbitrary<SendingWindow> = fc.record({
  timeZone: fc.constantFrom('America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon', 'America/Manaus'),
  days: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
  start: hhmm,
  end: hhmm,
  skipHolidays: fc.record({ national: fc.boolean() }),
});

// 2016–2027 covers São Paulo's last DST years and several New York transitions.
const instant = fc.integer({ min: Date.UTC(2016, 0, 1), max: Date.UTC(2027, 11, 31) });

describe('window invariants (property-based)', () => {
  it('nextOpen lands on an open instant that starts an opening, and it closes later', () => {
    fc.assert(
      fc.property(windowArb, instant, (w, t) => {
        const r = nextOpen(w, t);
        expect(r).not.toBeNull();
        const at = r!;
        expect(at).toBeGreaterThanOrEqual(t);
        expect(isOpen(w, at)).toBe(true);
        expect(isOpen(w, t)).toBe(at === t);
        if (at > t) expect(isOpen(w, at - 1)).toBe(false);
        const close = windowCloseAt(w, at)!;
        expect(close).toBeGreaterThan(at);
        // A round-the-clock window reports a close ~a year ahead without really closing.
        if (close - at < 300 * 86_400_000) expect(isOpen(w, close)).toBe(false);
        expect(isOpen(w, close - 1)).toBe(true);
      }),
      { numRuns: 300, seed: 20261124 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { bestVariation, computeRates, progressOf, rangeRates, reachedOf, variationLetter } from './rates';

const zero = { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, invalid: 0, skipped: 0, uncertain: 0, replied: 0 };

describe('rates', () => {
  it('counts sent + delivered + read as reached and bases every rate on it', () => {
    const c = { ...zero, total: 100, sent: 20, delivered: 30, read: 10, failed: 15, invalid: 5, replied: 6, queued: 20 };
    expect(reachedOf(c)).toBe(60);
    const r = computeRates(c, 3);
    expect(r.delivery).toBeCloseTo(40 / 60);
    expect(r.read).toBeCloseTo(10 / 60);
    expect(r.reply).toBeCloseTo(6 / 60);
    expect(r.success).toBeCloseTo(60 / 80);
    expect(r.conversion).toBeCloseTo(3 / 60);
  });

  it('shows no rate (null, not 0 %) before anything was sent', () => {
    expect(computeRates(zero, 0)).toEqual({ delivery: null, read: null, reply: null, success: null, conversion: null });
    expect(computeRates({ ...zero, failed: 2 }).success).toBe(0);
  });

  it('never goes past 100 % or below 0 %', () => {
    expect(computeRates({ ...zero, sent: 1, replied: 5 }, -3)).toMatchObject({ reply: 1, conversion: 0 });
  });

  it('range rates use the range totals', () => {
    expect(rangeRates({ sent: 10, failed: 5, invalid: 5, replied: 2, read: 4, closedDeals: 1 })).toEqual({ delivery: null, read: 0.4, reply: 0.2, success: 0.5, conversion: 0.1 });
  });

  it('progress counts everything not queued or sending as done', () => {
    expect(progressOf({ total: 10, queued: 3, sending: 1 })).toEqual({ done: 6, total: 10, fraction: 0.6 });
    expect(progressOf({ total: 0, queued: 0, sending: 0 }).fraction).toBe(0);
  });
});

describe('best variation', () => {
  const v = (variation: number, sent: number, replied: number, read = 0) => ({ variation, sent, delivered: 0, read, replied });

  it('waits until every variation reached enough people', () => {
    expect(bestVariation([v(0, 40, 10), v(1, 29, 1)])).toBeNull();
    expect(bestVariation([v(0, 40, 10), v(1, 30, 1)])).toBe(0);
  });

  it('needs two variations to compare and no dead heat', () => {
    expect(bestVariation([v(0, 100, 10)])).toBeNull();
    expect(bestVariation([v(0, 50, 5), v(1, 50, 5)])).toBeNull();
    expect(bestVariation([v(0, 40, 5, 10), v(1, 30, 5, 20)])).toBe(1);
  });

  it('names variations with letters', () => {
    expect([0, 1, 25, 26].map(variationLetter)).toEqual(['A', 'B', 'Z', '27']);
  });
});

import { describe, expect, it } from 'vitest';
import { bestVariation, computeRates, funnelOf, progressOf, rangeRates, reachedOf, variationLetter } from './rates';

const zero = { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, invalid: 0, skipped: 0, cancelled: 0, uncertain: 0, replied: 0 };

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

  it('Enviadas, Entregues and Lidas are cumulative: a read message was also delivered and sent', () => {
    expect(funnelOf({ sent: 2, delivered: 3, read: 5 })).toEqual({ sent: 10, delivered: 8, read: 5 });
  });

  it('progress counts only what ended by sending or failing', () => {
    expect(progressOf({ ...zero, total: 10, sent: 2, delivered: 1, read: 1, failed: 1, invalid: 1 })).toEqual({ done: 6, total: 10, fraction: 0.6 });
    // A campaign cancelled after 3 of 10: the 7 cancelled ones do not fill the bar.
    const cancelledAfterThree = { ...zero, total: 10, sent: 3, cancelled: 7 };
    expect(progressOf(cancelledAfterThree)).toEqual({ done: 3, total: 10, fraction: 0.3 });
    const mostlySkipped = { ...zero, total: 10, uncertain: 1, skipped: 9 };
    expect(progressOf(mostlySkipped).done).toBe(1);
    expect(progressOf(zero).fraction).toBe(0);
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

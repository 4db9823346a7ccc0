import { afterEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

afterEach(() => vi.useRealTimers());

describe('coalesce', () => {
  it('runs once for a burst, again for a later burst, and never after cancel', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    const soon = coalesce(fn, 100);
    soon();
    soon();
    vi.advanceTimersByTime(99);
    soon();
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    soon();
    vi.advanceTimersByTime(100);
    expect(fn).toHaveBeenCalledTimes(2);
    soon();
    soon.cancel();
    vi.advanceTimersByTime(500);
    expect(fn).toHaveBeenCalledTimes(2);
  });
});

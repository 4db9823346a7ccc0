import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DueTimers, MAX_TIMEOUT_MS, scheduleAt, sleepUntil } from './timer';

const T0 = Date.parse('2026-11-24T10:00:00-03:00');

describe('scheduleAt', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs once at the wall-clock instant, never synchronously', () => {
    const fn = vi.fn();
    scheduleAt(T0 + 60_000, fn);
    vi.advanceTimersByTime(59_999);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10 * 60_000);
    expect(fn).toHaveBeenCalledTimes(1);

    const due = vi.fn();
    scheduleAt(T0 - 1000, due);
    expect(due).not.toHaveBeenCalled();
    vi.advanceTimersByTime(0);
    expect(due).toHaveBeenCalledTimes(1);
  });

  it('re-arms when the clock is set back instead of firing early', () => {
    const fn = vi.fn();
    const task = scheduleAt(T0 + 10 * 60_000, fn);
    vi.setSystemTime(T0 - 60 * 60_000); // user moves the clock back an hour
    vi.advanceTimersByTime(10 * 60_000);
    expect(fn).not.toHaveBeenCalled();
    expect(task.pending).toBe(true);
    vi.advanceTimersByTime(60 * 60_000);
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('notices a forward jump (sleep/resume) within one chunk, or at once on rearm()', () => {
    const fn = vi.fn();
    scheduleAt(T0 + 3 * 60 * 60_000, fn, { maxChunkMs: 60_000 });
    vi.setSystemTime(T0 + 4 * 60 * 60_000); // machine slept 4 hours
    vi.advanceTimersByTime(60_000);
    expect(fn).toHaveBeenCalledTimes(1);

    const g = vi.fn();
    const task = scheduleAt(Date.now() + 60 * 60_000, g);
    vi.setSystemTime(Date.now() + 2 * 60 * 60_000);
    task.rearm();
    expect(g).toHaveBeenCalledTimes(1);
  });

  it('handles waits longer than setTimeout allows', () => {
    const fn = vi.fn();
    const at = T0 + MAX_TIMEOUT_MS + 5 * 24 * 3_600_000; // ~30 days
    scheduleAt(at, fn, { maxChunkMs: Number.MAX_SAFE_INTEGER });
    vi.advanceTimersByTime(1000);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMEOUT_MS);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(at - Date.now());
    expect(fn).toHaveBeenCalledTimes(1);
  });

  it('can be cancelled', () => {
    const fn = vi.fn();
    const cancel = scheduleAt(T0 + 1000, fn);
    cancel();
    vi.advanceTimersByTime(5000);
    expect(fn).not.toHaveBeenCalled();
    expect(cancel.pending).toBe(false);
  });

  it('sleepUntil resolves on time and rejects at once when aborted', async () => {
    const done = vi.fn();
    const p = sleepUntil(T0 + 5000).then(done);
    await vi.advanceTimersByTimeAsync(5000);
    await p;
    expect(done).toHaveBeenCalled();

    const ac = new AbortController();
    const q = sleepUntil(Date.now() + 60_000, ac.signal);
    ac.abort();
    await expect(q).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('DueTimers', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs each task at its instant, in order, on one timer', () => {
    const q = new DueTimers();
    const ran: string[] = [];
    q.scheduleAt(T0 + 3_000, () => ran.push('c'));
    q.scheduleAt(T0 + 1_000, () => ran.push('a'));
    q.scheduleAt(T0 + 2_000, () => ran.push('b'));
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['a']);
    vi.advanceTimersByTime(2_000);
    expect(ran).toEqual(['a', 'b', 'c']);
    expect(q.size).toBe(0);
  });

  it('never runs a cancelled task, and a task added from a running one is honoured', () => {
    const q = new DueTimers();
    const ran: string[] = [];
    const first = q.scheduleAt(T0 + 1_000, () => ran.push('cancelled'));
    q.scheduleAt(T0 + 5_000, () => {
      ran.push('b');
      q.scheduleAt(T0 + 6_000, () => ran.push('c'));
    });
    first();
    expect(first.pending).toBe(false);
    vi.advanceTimersByTime(1_000);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(4_000);
    expect(ran).toEqual(['b']);
    vi.advanceTimersByTime(1_000);
    expect(ran).toEqual(['b', 'c']);
  });

  it('an earlier task moves the timer forward', () => {
    const q = new DueTimers();
    const ran: string[] = [];
    q.scheduleAt(T0 + 60_000, () => ran.push('late'));
    q.scheduleAt(T0 + 1_000, () => ran.push('early'));
    vi.advanceTimersByTime(1_000);
    expect(ran).toEqual(['early']);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('rearm runs what a forward clock jump made due, at once', () => {
    const q = new DueTimers();
    const fn = vi.fn();
    const task = q.scheduleAt(T0 + 60 * 60_000, fn);
    vi.setSystemTime(T0 + 2 * 60 * 60_000); // the machine slept two hours
    task.rearm();
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

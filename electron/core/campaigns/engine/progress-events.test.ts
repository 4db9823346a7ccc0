import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROGRESS_BURST, ProgressEvents } from './progress-events';

describe('ProgressEvents', () => {
  let sent: Array<{ id: number; at: number }>;
  let events: ProgressEvents;
  const clock = { now: () => Date.now() };

  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
    sent = [];
    events = new ProgressEvents(clock, 100, (id) => sent.push({ id, at: Date.now() }));
  });
  afterEach(() => {
    events.stop();
    vi.useRealTimers();
  });

  /** One change, then let the event loop turn. */
  const change = async (id = 1) => {
    events.schedule(id);
    await vi.advanceTimersByTimeAsync(0);
  };

  it("shows a send's quick successive changes at once, then one per interval", async () => {
    for (let i = 0; i < PROGRESS_BURST; i++) await change();
    expect(sent.map((s) => s.at - 1_000_000)).toEqual(Array(PROGRESS_BURST).fill(0));
    // The burst is spent: the next change waits for the interval, and changes meanwhile ride along.
    await change();
    await change();
    expect(sent).toHaveLength(PROGRESS_BURST);
    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toHaveLength(PROGRESS_BURST + 1);
    expect(sent.at(-1)!.at - 1_000_000).toBe(100);
  });

  it('coalesces the changes of one turn of the event loop into one event', async () => {
    events.schedule(1);
    events.schedule(1);
    events.schedule(1);
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(1);
  });

  it('never sends more than one event per interval to a campaign changing all the time', async () => {
    for (let t = 0; t < 2_000; t += 5) {
      events.schedule(1);
      await vi.advanceTimersByTimeAsync(5);
    }
    // 2 s at one per 100 ms, plus the first burst.
    expect(sent.length).toBeLessThanOrEqual(20 + PROGRESS_BURST);
    expect(sent.length).toBeGreaterThanOrEqual(20);
  });

  it('refills after a quiet spell, and counts each campaign on its own', async () => {
    for (let i = 0; i < PROGRESS_BURST; i++) await change(1);
    await change(2);
    expect(sent.filter((s) => s.id === 2)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(PROGRESS_BURST * 100);
    for (let i = 0; i < PROGRESS_BURST; i++) await change(1);
    expect(sent.filter((s) => s.id === 1)).toHaveLength(2 * PROGRESS_BURST);
  });

  it('sends every change at once with a zero interval (tests)', async () => {
    const now = new ProgressEvents(clock, 0, (id) => sent.push({ id, at: Date.now() }));
    for (let i = 0; i < 10; i++) {
      now.schedule(7);
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(sent.filter((s) => s.id === 7)).toHaveLength(10);
    now.stop();
  });
});

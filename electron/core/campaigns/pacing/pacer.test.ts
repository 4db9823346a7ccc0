import { describe, expect, it } from 'vitest';
import {
  computeNextSlot,
  createPacerState,
  normalizePacing,
  nextDelayMs,
  planNextSend,
  rebuildPacerState,
  recordSend,
  remainingToday,
  seededRng,
  typingMs,
  type PacerState,
  type PacingConfig,
  type PacingLimits,
} from './index';
import { dayKey, type SendingWindow } from '../schedule';

const dayKeyOf = (ms: number) => dayKey(ms, 'America/Sao_Paulo');

const t = (iso: string) => Date.parse(iso);

const base: PacingConfig = {
  minDelaySec: 30,
  maxDelaySec: 90,
  typing: { enabled: true, msPerChar: 50, maxMs: 6000 },
  batch: null,
  simulated: false,
  timeZone: 'America/Sao_Paulo',
};

/** Sends as fast as the pacer allows from `from`, `n` times; returns the send instants. */
function drive(config: PacingConfig, from: number, n: number, seed = 1, limits?: PacingLimits, state: PacerState = createPacerState()) {
  const rng = seededRng(seed);
  const sends: { at: number; reason: string }[] = [];
  let now = from;
  for (let i = 0; i < n; i++) {
    const slot = computeNextSlot(state, config, now, limits);
    now = slot.atMs;
    state = recordSend(state, config, now, rng);
    sends.push({ at: now, reason: slot.reason });
  }
  return { sends, state };
}

describe('random gaps', () => {
  it('stays within [min, max] and is reproducible with a seed', () => {
    const a = seededRng(42);
    const values = Array.from({ length: 500 }, () => nextDelayMs(base, a));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(30_000);
    expect(Math.max(...values)).toBeLessThanOrEqual(90_000);
    expect(new Set(values).size).toBeGreaterThan(100);
    const b = seededRng(42);
    expect(Array.from({ length: 500 }, () => nextDelayMs(base, b))).toEqual(values);
  });

  it('spaces consecutive sends by the drawn gap', () => {
    const { sends } = drive(base, t('2026-11-24T10:00:00-03:00'), 50);
    for (let i = 1; i < sends.length; i++) {
      const gap = sends[i].at - sends[i - 1].at;
      expect(gap).toBeGreaterThanOrEqual(30_000);
      expect(gap).toBeLessThanOrEqual(90_000);
      expect(sends[i].reason).toBe('delay');
    }
    expect(sends[0].reason).toBe('ready');
  });

  it('enforces a 5 s floor for real numbers and reports the adjustment', () => {
    const fast = { ...base, minDelaySec: 1, maxDelaySec: 3 };
    const { config, adjustments } = normalizePacing(fast);
    expect(config.minDelaySec).toBe(5);
    expect(config.maxDelaySec).toBe(5);
    expect(adjustments.map((a) => a.code)).toEqual(['PACING_DELAY_FLOOR', 'PACING_DELAY_ORDER']);
    expect(adjustments[0].message).toContain('5 s');
    const { sends } = drive(fast, 0, 10);
    for (let i = 1; i < sends.length; i++) expect(sends[i].at - sends[i - 1].at).toBe(5_000);
  });

  it('lets the Simulator go down to zero', () => {
    const sim = { ...base, minDelaySec: 0, maxDelaySec: 0, simulated: true };
    expect(normalizePacing(sim).adjustments).toEqual([]);
    const { sends } = drive(sim, 1000, 5);
    expect(sends.every((s) => s.at === 1000)).toBe(true);
  });
});

describe('typing time', () => {
  it('is proportional to the text, capped, and zero when disabled', () => {
    expect(typingMs(base, 20)).toBe(1000);
    expect(typingMs(base, 10_000)).toBe(6000);
    expect(typingMs({ ...base, typing: { ...base.typing, enabled: false } }, 20)).toBe(0);
    expect(typingMs(base, 0)).toBe(0);
  });
});

describe('batch pauses', () => {
  it('pauses after every N sends', () => {
    const cfg = { ...base, batch: { every: 3, pauseMinutes: 10 } };
    const { sends } = drive(cfg, t('2026-11-24T10:00:00-03:00'), 7);
    expect(sends.map((s) => s.reason)).toEqual(['ready', 'delay', 'delay', 'batch_pause', 'delay', 'delay', 'batch_pause']);
    expect(sends[3].at - sends[2].at).toBe(10 * 60_000);
    expect(sends[6].at - sends[5].at).toBe(10 * 60_000);
  });
});

describe('caps', () => {
  it('holds the hourly cap over a sliding hour', () => {
    const cfg = { ...base, minDelaySec: 5, maxDelaySec: 5, hourlyCap: 3 };
    const start = t('2026-11-24T10:00:00-03:00');
    const { sends } = drive(cfg, start, 7);
    expect(sends.map((s) => s.at - start)).toEqual([0, 5_000, 10_000, 3_600_000, 3_605_000, 3_610_000, 7_200_000]);
    expect(sends[3].reason).toBe('hourly_cap');
  });

  it('resets the daily cap at local midnight of the configured zone', () => {
    const cfg = { ...base, minDelaySec: 60, maxDelaySec: 60, dailyCap: 2 };
    const { sends, state } = drive(cfg, t('2026-11-24T23:00:00-03:00'), 3);
    expect(sends[2]).toEqual({ at: t('2026-11-25T00:00:00-03:00'), reason: 'daily_cap' });
    expect(state.sentToday).toBe(1);

    const ny = drive({ ...cfg, timeZone: 'America/New_York' }, t('2026-11-24T23:00:00-05:00'), 3).sends;
    expect(ny[2]).toEqual({ at: t('2026-11-25T00:00:00-05:00'), reason: 'daily_cap' });
  });

  it('reports how many sends remain today', () => {
    const cfg = { ...base, dailyCap: 5 };
    const { state } = drive(cfg, t('2026-11-24T10:00:00-03:00'), 2);
    expect(remainingToday(state, cfg, t('2026-11-24T15:00:00-03:00'))).toBe(3);
    expect(remainingToday(state, cfg, t('2026-11-25T15:00:00-03:00'))).toBe(5);
    expect(remainingToday(state, base, t('2026-11-24T15:00:00-03:00'))).toBeUndefined();
  });

  it('raises the warm-up cap day by day', () => {
    const cfg: PacingConfig = {
      ...base,
      minDelaySec: 60,
      maxDelaySec: 120,
      warmup: { startCap: 2, increasePerDay: 3, startedAt: t('2026-11-24T08:00:00-03:00') },
    };
    const { sends } = drive(cfg, t('2026-11-24T09:00:00-03:00'), 2 + 5 + 8 + 1);
    const perDay = new Map<string, number>();
    for (const s of sends) perDay.set(dayKeyOf(s.at), (perDay.get(dayKeyOf(s.at)) ?? 0) + 1);
    expect([...perDay.entries()]).toEqual([
      ['2026-11-24', 2],
      ['2026-11-25', 5],
      ['2026-11-26', 8],
      ['2026-11-27', 1],
    ]);
    expect(sends[2].reason).toBe('warmup_cap');
  });

  it('uses the smallest of daily cap, warm-up cap and plan limit', () => {
    const cfg: PacingConfig = { ...base, dailyCap: 10, warmup: { startCap: 20, increasePerDay: 0, startedAt: 0 } };
    const { sends } = drive(cfg, t('2026-11-24T09:00:00-03:00'), 5, 1, { planDailyLimit: 4 });
    expect(sends[4]).toEqual({ at: t('2026-11-25T00:00:00-03:00'), reason: 'daily_cap' });
  });

  it('does not reset the day count when the clock is set back', () => {
    const cfg = { ...base, dailyCap: 2 };
    let s = recordSend(createPacerState(), cfg, t('2026-11-25T00:10:00-03:00'), seededRng(1));
    s = recordSend(s, cfg, t('2026-11-24T23:50:00-03:00'), seededRng(2));
    expect(s.dayKey).toBe('2026-11-25');
    expect(s.sentToday).toBe(2);
  });
});

describe('state', () => {
  it('is stable across repeated queries and can be rebuilt from history', () => {
    const cfg = { ...base, hourlyCap: 30, dailyCap: 100, batch: { every: 5, pauseMinutes: 15 } };
    const { sends, state } = drive(cfg, t('2026-11-24T10:00:00-03:00'), 12);
    const now = sends[11].at;
    expect(computeNextSlot(state, cfg, now)).toEqual(computeNextSlot(state, cfg, now));
    const rebuilt = rebuildPacerState(sends.map((s) => s.at), cfg, seededRng(99));
    expect({ ...rebuilt, gapMs: 0 }).toEqual({ ...state, gapMs: 0 });
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('planNextSend', () => {
  const window: SendingWindow = {
    timeZone: 'America/Sao_Paulo',
    days: [1, 2, 3, 4, 5],
    start: '09:00',
    end: '18:00',
    skipHolidays: { national: true },
  };

  it('waits for the window, then for caps that still apply', () => {
    const cfg = { ...base, dailyCap: 1 };
    const empty = createPacerState();
    expect(planNextSend(window, empty, cfg, t('2026-11-24T07:00:00-03:00'))).toEqual({ atMs: t('2026-11-24T09:00:00-03:00'), reason: 'window' });
    expect(planNextSend(window, empty, cfg, t('2026-11-24T10:00:00-03:00'))).toEqual({ atMs: t('2026-11-24T10:00:00-03:00'), reason: 'ready' });
    const sent = recordSend(empty, cfg, t('2026-11-24T10:00:00-03:00'), seededRng(1));
    // Cap reached today → tomorrow at the window start.
    expect(planNextSend(window, sent, cfg, t('2026-11-24T10:05:00-03:00'))).toEqual({ atMs: t('2026-11-25T09:00:00-03:00'), reason: 'window' });
    // Friday before Christmas week-end → next Monday.
    const fri = recordSend(empty, cfg, t('2026-12-24T17:00:00-03:00'), seededRng(1));
    expect(planNextSend(window, fri, cfg, t('2026-12-24T17:05:00-03:00'))?.atMs).toBe(t('2026-12-28T09:00:00-03:00'));
    expect(planNextSend(null, sent, { ...base }, t('2026-11-24T10:00:10-03:00'))?.reason).toBe('delay');
    expect(planNextSend({ ...window, endAt: t('2026-11-24T12:00:00-03:00') }, sent, cfg, t('2026-11-24T10:05:00-03:00'))).toBeNull();
  });
});

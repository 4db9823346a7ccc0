import { describe, expect, it } from 'vitest';
import { averageGapSec, durationText, estimateEta, ratePerHour } from './eta';
import { observedPerHour, runBreakMs } from './pace';
import { zonedTimeToEpoch } from '../campaigns/schedule/tz';
import type { SendingWindow } from '../campaigns/schedule';

const TZ = 'America/Sao_Paulo';
const pacing = { minDelaySec: 30, maxDelaySec: 90, typing: false, batchEvery: 0, batchPauseMinutes: 0, hourlyCap: 0, dailyCap: 0 };
const always: SendingWindow = { timeZone: TZ, days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '00:00', skipHolidays: { national: false } };
const business: SendingWindow = { timeZone: TZ, days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', skipHolidays: { national: false } };
// Monday 24 Nov 2025, 10:00 in São Paulo.
const monday10 = zonedTimeToEpoch({ year: 2025, month: 11, day: 24 }, 10, 0, TZ);
const HOUR = 3_600_000;

describe('ETA', () => {
  it('uses the average gap, typing and batch pauses', () => {
    expect(averageGapSec(pacing)).toBe(60);
    expect(averageGapSec({ ...pacing, typing: true })).toBe(63);
    expect(averageGapSec({ ...pacing, batchEvery: 10, batchPauseMinutes: 10 })).toBe(120);
    expect(averageGapSec({ ...pacing, minDelaySec: 0, maxDelaySec: 0 })).toBe(1);
    expect(ratePerHour(pacing, 2)).toBe(120);
    expect(ratePerHour({ ...pacing, hourlyCap: 20 }, 2)).toBe(40);
  });

  it('finishes within the open window when it fits', () => {
    const eta = estimateEta({ now: monday10, status: 'running', remaining: 120, pacing, window: always, numbers: 1 })!;
    expect(eta.reason).toBe('estimate');
    expect(eta.at).toBe(monday10 + 2 * HOUR);
    expect(eta.message).toMatch(/^estimativa: ~2 h \(por volta de seg, 24\/11 às 12:00\)$/);
  });

  it('carries over to the next open window and skips the weekend', () => {
    // 8 h of sending left today (10:00–18:00), 10 h needed: 2 h on Tuesday.
    const eta = estimateEta({ now: monday10, status: 'running', remaining: 600, pacing, window: business, numbers: 1 })!;
    expect(eta.at).toBe(zonedTimeToEpoch({ year: 2025, month: 11, day: 25 }, 11, 0, TZ));
    const friday17 = zonedTimeToEpoch({ year: 2025, month: 11, day: 28 }, 17, 0, TZ);
    const later = estimateEta({ now: friday17, status: 'running', remaining: 120, pacing, window: business, numbers: 1 })!;
    expect(later.at).toBe(zonedTimeToEpoch({ year: 2025, month: 12, day: 1 }, 10, 0, TZ));
  });

  it('respects the daily cap per number, counting what was sent today', () => {
    const eta = estimateEta({ now: monday10, status: 'running', remaining: 50, pacing: { ...pacing, dailyCap: 100 }, window: always, numbers: 1, sentToday: 80 })!;
    // 20 more today (20 min), then 30 tomorrow from 00:00.
    expect(eta.at).toBe(zonedTimeToEpoch({ year: 2025, month: 11, day: 25 }, 0, 30, TZ));
  });

  it('words long durations in days with the right plural', () => {
    expect(durationText(47 * HOUR)).toBe('~47 h');
    expect(durationText(72 * HOUR)).toBe('~3 dias');
    expect(durationText(1_000 * HOUR)).toBe('~42 dias');
  });

  it('says why there is no estimate', () => {
    expect(estimateEta({ now: monday10, status: 'paused', remaining: 5, pacing, window: always, numbers: 1 })?.reason).toBe('paused');
    expect(estimateEta({ now: monday10, status: 'running', remaining: 5, pacing, window: always, numbers: 0 })?.reason).toBe('no_number');
    expect(estimateEta({ now: monday10, status: 'running', remaining: 0, pacing, window: always, numbers: 1 })?.reason).toBe('finishing');
    expect(estimateEta({ now: monday10, status: 'finished', remaining: 0, pacing, window: always, numbers: 1 })).toBeNull();
    const ending = estimateEta({ now: monday10, status: 'running', remaining: 1000, pacing, window: { ...always, endAt: monday10 + HOUR }, numbers: 1 })!;
    expect(ending.reason).toBe('window_over');
    expect(ending.at).toBeNull();
  });
});

describe('real pace', () => {
  const MIN = 60_000;
  it('measures the current run of sends and ignores what came before a break', () => {
    const run = [0, 1, 2, 3, 4].map((i) => monday10 + i * 30_000); // every 30 s
    expect(observedPerHour(run, monday10 + 2 * MIN, runBreakMs(60))).toBe(120);
    // An hour-long stop (window closed) splits runs: only the latest counts.
    const before = [0, 1, 2, 3].map((i) => monday10 - HOUR - i * 5_000);
    expect(observedPerHour([...before, ...run], monday10 + 2 * MIN, runBreakMs(60))).toBe(120);
    expect(observedPerHour(run.slice(0, 3), monday10 + 2 * MIN, runBreakMs(60))).toBeNull();
    expect(observedPerHour(run, monday10 + HOUR, runBreakMs(60))).toBeNull();
  });

  it('an ETA from the real pace replaces the configured one', () => {
    // Configured: 60 s on average (60/h); really sending every 20 s (180/h).
    const configured = estimateEta({ now: monday10, status: 'running', remaining: 180, pacing, window: always, numbers: 1 })!;
    const real = estimateEta({ now: monday10, status: 'running', remaining: 180, pacing, window: always, numbers: 1, observedPerHour: 180 })!;
    expect(configured.at).toBe(monday10 + 3 * HOUR);
    expect(real.at).toBe(monday10 + HOUR);
    expect(real.perHour).toBe(180);
    // The window still applies: 180 more at 180/h from 17:00 spills into Tuesday morning.
    const late = zonedTimeToEpoch({ year: 2025, month: 11, day: 24 }, 17, 0, TZ);
    const spill = estimateEta({ now: late, status: 'running', remaining: 360, pacing, window: business, numbers: 1, observedPerHour: 180 })!;
    expect(spill.at).toBe(zonedTimeToEpoch({ year: 2025, month: 11, day: 25 }, 10, 0, TZ));
  });
});

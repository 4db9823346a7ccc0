import { describe, expect, it } from 'vitest';
import { PowerSaveController, shouldBlockSleep, type PowerSaveBlockerLike } from '../../../electron/main/desktop/power-policy';
import { campaign, NOW } from './fixtures';

describe('keeping the computer awake', () => {
  it('only while a campaign is actively sending', () => {
    const min = 60_000;
    const cases: Array<[string, Parameters<typeof campaign>[0], boolean]> = [
      ['sending now', { id: 1 }, true],
      ['between two messages', { id: 1, waiting: { reason: 'delay', until: NOW + 2 * min } }, true],
      ['a short batch pause', { id: 1, waiting: { reason: 'batch_pause', until: NOW + 10 * min } }, true],
      ['a long hourly-cap wait', { id: 1, waiting: { reason: 'hourly_cap', until: NOW + 50 * min } }, false],
      ['outside the sending window', { id: 1, waiting: { reason: 'window', until: NOW + 60 * min } }, false],
      ['daily cap reached', { id: 1, waiting: { reason: 'daily_cap', until: null } }, false],
      ['no number connected', { id: 1, waiting: { reason: 'no_number', until: null } }, false],
      ['scheduled for later', { id: 1, status: 'scheduled' }, false],
      ['paused', { id: 1, status: 'paused' }, false],
    ];
    for (const [what, c, expected] of cases) expect(shouldBlockSleep([campaign(c)], NOW), what).toBe(expected);
    expect(shouldBlockSleep([], NOW)).toBe(false);
  });

  it('starts the blocker once and stops it when sending ends', () => {
    const started = new Set<number>();
    const calls: string[] = [];
    let next = 1;
    const blocker: PowerSaveBlockerLike = {
      start: (type) => {
        calls.push(`start:${type}`);
        started.add(next);
        return next++;
      },
      stop: (id) => {
        calls.push(`stop:${id}`);
        started.delete(id);
      },
      isStarted: (id) => started.has(id),
    };
    const power = new PowerSaveController(blocker);
    expect(power.update([campaign({ id: 1 })], NOW)).toBe(true);
    power.update([campaign({ id: 1 }), campaign({ id: 2 })], NOW);
    expect(power.blocking).toBe(true);
    power.update([campaign({ id: 1, status: 'finished' })], NOW);
    expect(power.blocking).toBe(false);
    power.update([], NOW);
    expect(calls).toEqual(['start:prevent-app-suspension', 'stop:1']);
    power.update([campaign({ id: 3 })], NOW);
    power.release();
    expect(calls).toEqual(['start:prevent-app-suspension', 'stop:1', 'start:prevent-app-suspension', 'stop:2']);
  });
});

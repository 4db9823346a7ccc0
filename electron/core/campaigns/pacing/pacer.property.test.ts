import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayKey } from '../schedule';
import { computeNextSlot, createPacerState, normalizePacing, recordSend, seededRng, type PacingConfig } from './index';

const configArb: fc.Arbitrary<PacingConfig> = fc.record({
  minDelaySec: fc.integer({ min: 0, max: 120 }),
  maxDelaySec: fc.integer({ min: 0, max: 200 }),
  typing: fc.constant({ enabled: false, msPerChar: 0, maxMs: 0 }),
  batch: fc.option(fc.record({ every: fc.integer({ min: 1, max: 30 }), pauseMinutes: fc.integer({ min: 1, max: 30 }) }), { nil: null }),
  hourlyCap: fc.option(fc.integer({ min: 1, max: 60 }), { nil: undefined }),
  dailyCap: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
  simulated: fc.boolean(),
  timeZone: fc.constantFrom('America/Sao_Paulo', 'America/New_York'),
});

describe('pacer invariants (property-based)', () => {
  it('never breaks the delay floor, the hourly cap or the daily cap', () => {
    fc.assert(
      fc.property(configArb, fc.integer(), fc.integer({ min: Date.UTC(2018, 0, 1), max: Date.UTC(2027, 0, 1) }), (cfg, seed, start) => {
        const rng = seededRng(seed);
        const { config } = normalizePacing(cfg);
        let state = createPacerState();
        let now = start;
        const sends: number[] = [];
        for (let i = 0; i < 150; i++) {
          const slot = computeNextSlot(state, cfg, now);
          expect(slot.atMs).toBeGreaterThanOrEqual(now);
          now = slot.atMs;
          state = recordSend(state, cfg, now, rng);
          sends.push(now);
        }
        for (let i = 1; i < sends.length; i++) {
          expect(sends[i] - sends[i - 1]).toBeGreaterThanOrEqual(config.minDelaySec * 1000);
          if (!cfg.simulated) expect(sends[i] - sends[i - 1]).toBeGreaterThanOrEqual(5000);
        }
        if (cfg.hourlyCap !== undefined) {
          for (let i = 0; i < sends.length; i++) {
            const inHour = sends.filter((s) => s > sends[i] - 3_600_000 && s <= sends[i]).length;
            expect(inHour).toBeLessThanOrEqual(cfg.hourlyCap);
          }
        }
        if (cfg.dailyCap !== undefined) {
          const perDay = new Map<string, number>();
          for (const s of sends) {
            const k = dayKey(s, cfg.timeZone!);
            perDay.set(k, (perDay.get(k) ?? 0) + 1);
          }
          for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(cfg.dailyCap);
        }
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

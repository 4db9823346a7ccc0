import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { icuLocalParts, localParts } from './tz';

// Zones with DST, quarter-hour offsets and 30-minute DST shifts: the cached offsets must agree
// with ICU at every instant, including right around transitions.
const ZONES = ['America/Sao_Paulo', 'America/New_York', 'Europe/Lisbon', 'America/Manaus', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Chatham', 'UTC'];
const FROM = Date.UTC(2015, 0, 1);
const TO = Date.UTC(2030, 0, 1);

describe('localParts (cached offsets)', () => {
  it('matches ICU for any instant and zone', () => {
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), fc.constantFrom(...ZONES), (ms, zone) => {
        expect(localParts(ms, zone)).toEqual(icuLocalParts(ms, zone));
      }),
      { numRuns: 3000 },
    );
  });

  it('matches ICU minute by minute across a DST change', () => {
    // São Paulo's last DST end (2019-02-17 00:00 local → 23:00 the day before) and New York's 2026 spring-forward.
    for (const [zone, at] of [['America/Sao_Paulo', Date.UTC(2019, 1, 17, 2, 0)], ['America/New_York', Date.UTC(2026, 2, 8, 7, 0)]] as const) {
      for (let ms = at - 3 * 3600_000; ms <= at + 3 * 3600_000; ms += 60_000 + 7_000) expect(localParts(ms, zone)).toEqual(icuLocalParts(ms, zone));
    }
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { advance } from './testing/advance';
import { createHarness, type Harness } from './testing/harness';
import { fastDraft } from './testing/fixtures';

const MONDAY_NOON = Date.UTC(2025, 0, 6, 15, 0, 0);
let h: Harness;
beforeEach(() => {
  vi.useFakeTimers({ now: MONDAY_NOON });
});
afterEach(async () => {
  await h?.close();
  vi.useRealTimers();
});

describe('real pace', () => {
  it('remembers when the latest sends of a running campaign went out, and forgets them when it stops', async () => {
    h = createHarness({ contacts: 5 });
    const pacing = { ...fastDraft({ listIds: [], numberIds: [] }).pacing, minDelaySec: 10, maxDelaySec: 10 };
    const id = h.campaign({ pacing });
    h.engine.startCampaign(id);
    await advance(35_000);
    const sends = h.engine.recentSends(id)!;
    expect(sends).toHaveLength(4);
    expect(sends[3] - sends[0]).toBeGreaterThanOrEqual(30_000);
    h.engine.pauseCampaign(id);
    expect(h.engine.recentSends(id)).toBeNull();
  });
});

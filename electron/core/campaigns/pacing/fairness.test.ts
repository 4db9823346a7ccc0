import { describe, expect, it } from 'vitest';
import {
  classifyFailure,
  failurePausesNumber,
  MAX_RETRIES,
  pickNextCampaign,
  pickNumber,
  retryDelayMs,
  seededRng,
  toChannelErrorCode,
  type CampaignCandidate,
  type NumberCandidate,
  type NumberPick,
} from './index';

describe('fairness between campaigns on one number', () => {
  it('serves campaigns in turn, least recently served first', () => {
    const cands: CampaignCandidate[] = [
      { campaignId: 'a', lastSentAt: null, sentCount: 0 },
      { campaignId: 'b', lastSentAt: null, sentCount: 0 },
      { campaignId: 'c', lastSentAt: null, sentCount: 0 },
    ];
    const order: string[] = [];
    for (let now = 1; now <= 9; now++) {
      const id = pickNextCampaign(cands)!;
      order.push(id);
      const c = cands.find((x) => x.campaignId === id)!;
      c.lastSentAt = now;
      c.sentCount++;
    }
    expect(order.join('')).toBe('abcabcabc');
  });

  it('gives a newly started campaign the next turn, and breaks ties by priority', () => {
    expect(
      pickNextCampaign([
        { campaignId: 'old', lastSentAt: 100, sentCount: 500 },
        { campaignId: 'new', lastSentAt: null, sentCount: 0 },
      ]),
    ).toBe('new');
    expect(
      pickNextCampaign([
        { campaignId: 'a', lastSentAt: null, sentCount: 0 },
        { campaignId: 'b', lastSentAt: null, sentCount: 0, priority: 5 },
      ]),
    ).toBe('b');
    expect(pickNextCampaign([])).toBeNull();
  });
});

describe('number rotation', () => {
  const nums = (): NumberCandidate[] => [
    { id: 'n1', available: true, sentToday: 10, lastUsedAt: 5 },
    { id: 'n2', available: true, sentToday: 3, lastUsedAt: 9 },
    { id: 'n3', available: true, sentToday: 3, lastUsedAt: 2 },
  ];

  it('round-robins and skips unavailable numbers (failover)', () => {
    const list = nums();
    const seq: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 4; i++) {
      const p: NumberPick = pickNumber('round_robin', list, cursor)!;
      seq.push(p.id);
      cursor = p.cursor;
    }
    expect(seq).toEqual(['n1', 'n2', 'n3', 'n1']);
    list[1].available = false; // n2 restricted
    expect(pickNumber('round_robin', list, 'n1')?.id).toBe('n3');
    // Cursor pointing to a removed number restarts from the top.
    expect(pickNumber('round_robin', list, 'gone')?.id).toBe('n1');
    list.forEach((n) => (n.available = false));
    expect(pickNumber('round_robin', list, null)).toBeNull();
  });

  it('least_used picks the fewest sends today, then the longest idle', () => {
    const list = nums();
    expect(pickNumber('least_used', list, null)?.id).toBe('n3');
    list[2].available = false;
    expect(pickNumber('least_used', list, null)?.id).toBe('n2');
  });
});

describe('retries', () => {
  it('backs off about 30 s, 2 min, 10 min with jitter, then gives up', () => {
    const rng = seededRng(7);
    for (let i = 0; i < 100; i++) {
      const d1 = retryDelayMs(1, rng)!;
      const d2 = retryDelayMs(2, rng)!;
      const d3 = retryDelayMs(3, rng)!;
      expect(d1).toBeGreaterThanOrEqual(24_000);
      expect(d1).toBeLessThanOrEqual(36_000);
      expect(d2).toBeGreaterThanOrEqual(96_000);
      expect(d2).toBeLessThanOrEqual(144_000);
      expect(d3).toBeGreaterThanOrEqual(480_000);
      expect(d3).toBeLessThanOrEqual(720_000);
    }
    expect(MAX_RETRIES).toBe(3);
    expect(retryDelayMs(4)).toBeNull();
  });

  it('classifies failures as transient or permanent', () => {
    expect(classifyFailure('NETWORK')).toBe('transient');
    expect(classifyFailure('NOT_CONNECTED')).toBe('transient');
    expect(classifyFailure(429)).toBe('transient');
    expect(classifyFailure('408')).toBe('transient');
    expect(classifyFailure('NOT_ON_WHATSAPP')).toBe('permanent');
    // 463: restricted for new contacts; a retry would count as another reach-out.
    expect(classifyFailure(463)).toBe('permanent');
    expect(failurePausesNumber('463')).toBe(true);
    expect(toChannelErrorCode(463)).toBe('RESTRICTED');
    expect(classifyFailure('something-new')).toBe('permanent');
    expect(classifyFailure(undefined)).toBe('permanent');
    expect(failurePausesNumber('NETWORK')).toBe(false);
  });
});

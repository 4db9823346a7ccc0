import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventBus } from '../events';
import { ResultsLive } from './live';
import { seed, type Seeded } from './test-support';

let s: Seeded;
let live: ResultsLive;
let events: Array<{ name: string; payload: { campaignId: number | null; reason: string; changedAt: number } }>;
let bus: EventBus;

beforeEach(() => {
  vi.useFakeTimers({ now: Date.UTC(2025, 10, 24, 12) });
  s = seed({ contacts: 5 });
  bus = new EventBus();
  events = [];
  bus.subscribe((name, payload) => events.push({ name, payload: payload as (typeof events)[number]['payload'] }));
  live = new ResultsLive(s.db, bus, { intervalMs: 200, fallbackMs: 1000 });
});
afterEach(() => {
  live.close();
  s.db.close();
  vi.useRealTimers();
});

const changed = () => events.filter((e) => e.name === 'results.changed').map((e) => e.payload);

describe('results.changed', () => {
  it('announces delivery changes right after the campaign progress event, with when they happened', async () => {
    const id = s.campaign();
    const at = Date.now();
    s.send(id, s.contactIds[0], { at });
    vi.advanceTimersByTime(50);
    s.send(id, s.contactIds[1], { at });
    expect(changed()).toEqual([]);
    bus.emit('campaigns.progress', { id } as never);
    await Promise.resolve();
    expect(changed()).toEqual([{ campaignId: id, reason: 'deliveries', changedAt: at }]);
    // Nothing pending: a later progress event announces nothing.
    bus.emit('campaigns.progress', { id } as never);
    await Promise.resolve();
    expect(changed()).toHaveLength(1);
  });

  it('still announces changes nobody reported, after the fallback delay', () => {
    const id = s.campaign();
    s.send(id, s.contactIds[0], { at: Date.now() });
    vi.advanceTimersByTime(999);
    expect(changed()).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(changed()).toMatchObject([{ campaignId: id, reason: 'deliveries' }]);
  });

  it('coalesces replies and deals to at most one event per campaign per interval', () => {
    const id = s.campaign();
    const d = s.send(id, s.contactIds[0], { at: Date.now() });
    vi.advanceTimersByTime(2000);
    events.length = 0;
    for (let i = 0; i < 10; i++) s.inbound({ deliveryId: d, campaignId: id, text: `oi ${i}`, at: Date.now() });
    vi.advanceTimersByTime(0);
    expect(changed()).toEqual([{ campaignId: id, reason: 'replies', changedAt: Date.now() }]);
    for (let i = 0; i < 10; i++) s.inbound({ deliveryId: d, campaignId: id, text: `mais ${i}`, at: Date.now() });
    live.touch(id, 'deals');
    vi.advanceTimersByTime(199);
    expect(changed()).toHaveLength(2); // the deal was the first of its kind: sent at once
    vi.advanceTimersByTime(1);
    expect(changed().map((e) => e.reason)).toEqual(['replies', 'deals', 'replies']);
    // A reply outside any campaign is announced too (the inbox shows it).
    s.inbound({ campaignId: null, text: 'quem é?', at: Date.now() });
    vi.advanceTimersByTime(200);
    expect(changed().at(-1)).toMatchObject({ campaignId: null, reason: 'replies' });
  });

  it('stops announcing when closed', () => {
    const id = s.campaign();
    live.close();
    s.send(id, s.contactIds[0], { at: Date.now() });
    vi.advanceTimersByTime(5000);
    expect(changed()).toEqual([]);
  });
});

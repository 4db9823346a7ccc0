import { describe, expect, it, vi } from 'vitest';
import { QueryObserver } from '@tanstack/react-query';
import type { Transport } from '../../../shared/api/client';
import { createQueryClient } from './query-client';
import { connectLiveCache } from './live-cache';
import { apiKey } from './keys';
import { onStale } from './stale-listeners';

/** A fake core: counts calls by method and pushes events. */
function fakeCore() {
  const calls: string[] = [];
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const transport: Pick<Transport, 'subscribe' | 'onStatus' | 'status'> = {
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    onStatus: () => () => {},
    status: () => 'connected',
  };
  const read = (method: string) => async () => {
    calls.push(method);
    return { id: 3, status: 'running', counters: {}, draft: { numberIds: [], audience: {} } };
  };
  const emit = (name: string, payload: unknown) => listeners.forEach((l) => l(name, payload));
  return { calls, transport, read, emit };
}

describe('live cache: the campaign detail screen', () => {
  it('a campaign start costs 3 calls: start, then runState and get once on campaigns.changed', async () => {
    vi.useFakeTimers();
    const core = fakeCore();
    const client = createQueryClient();
    const off = connectLiveCache(client, core.transport);
    // What CampaignDetail observes.
    const observers = [
      new QueryObserver(client, { queryKey: apiKey('campaigns.runState', { id: 3 }), queryFn: core.read('campaigns.runState') }),
      new QueryObserver(client, { queryKey: apiKey('campaigns.get', { id: 3 }), queryFn: core.read('campaigns.get') }),
    ];
    const unsubs = observers.map((o) => o.subscribe(() => {}));
    await vi.runAllTimersAsync();
    core.calls.length = 0;

    // The user clicks Iniciar: the answer is written into the cache (CampaignDetail), the core
    // pushes campaigns.changed and then the coalesced campaigns.progress.
    core.calls.push('campaigns.start');
    core.emit('campaigns.changed', { id: 3 });
    core.emit('campaigns.progress', { id: 3, status: 'running', counters: {} });
    await vi.runAllTimersAsync();

    expect(core.calls.sort()).toEqual(['campaigns.get', 'campaigns.runState', 'campaigns.start']);
    // Progress wrote the state itself.
    expect(client.getQueryData(apiKey('campaigns.runState', { id: 3 }))).toMatchObject({ status: 'running' });
    unsubs.forEach((u) => u());
    off();
    vi.useRealTimers();
  });

  it('a burst of events reads a shown query again at most once after the read under way', async () => {
    vi.useFakeTimers();
    const core = fakeCore();
    const client = createQueryClient();
    const off = connectLiveCache(client, core.transport);
    const unsub = new QueryObserver(client, { queryKey: apiKey('campaigns.runState', { id: 3 }), queryFn: core.read('campaigns.runState') }).subscribe(() => {});
    await vi.runAllTimersAsync();
    core.calls.length = 0;
    for (let i = 0; i < 10; i++) core.emit('campaigns.changed', { id: 3 });
    await vi.runAllTimersAsync();
    expect(core.calls.filter((c) => c === 'campaigns.runState').length).toBeLessThanOrEqual(2);
    expect(core.calls.length).toBeGreaterThan(0);
    unsub();
    off();
    vi.useRealTimers();
  });

  it('queries no screen shows are only marked stale, not read', async () => {
    vi.useFakeTimers();
    const core = fakeCore();
    const client = createQueryClient();
    const off = connectLiveCache(client, core.transport);
    client.setQueryData(apiKey('campaigns.overview'), []);
    core.emit('campaigns.changed', { id: 3 });
    await vi.runAllTimersAsync();
    expect(core.calls).toEqual([]);
    expect(client.getQueryState(apiKey('campaigns.overview'))?.isInvalidated).toBe(true);
    off();
    vi.useRealTimers();
  });
});

describe('live cache: data kept outside the cache (the contacts table)', () => {
  it('contacts.changed tells the table at once, then once more for the rest of a burst, after the 250 ms window; other keys do not', async () => {
    vi.useFakeTimers();
    const core = fakeCore();
    const client = createQueryClient();
    const off = connectLiveCache(client, core.transport);
    let reloads = 0;
    const unlisten = onStale(client, apiKey('contacts.list'), () => reloads++);
    for (let i = 0; i < 5; i++) core.emit('contacts.changed', { reason: 'import' });
    // The first change shows without waiting.
    expect(reloads).toBe(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(reloads).toBe(1);
    // The other four: one read at the end of the window.
    await vi.advanceTimersByTimeAsync(100);
    expect(reloads).toBe(2);
    // A quiet window closes it; the next change shows at once again.
    await vi.advanceTimersByTimeAsync(300);
    expect(reloads).toBe(2);
    core.emit('contacts.changed', { reason: 'update' });
    expect(reloads).toBe(3);
    await vi.runAllTimersAsync();
    expect(reloads).toBe(3);
    core.emit('webhooks.changed', { id: 1 });
    await vi.runAllTimersAsync();
    expect(reloads).toBe(3);
    unlisten();
    core.emit('contacts.changed', { reason: 'update' });
    await vi.runAllTimersAsync();
    expect(reloads).toBe(3);
    off();
    vi.useRealTimers();
  });
});

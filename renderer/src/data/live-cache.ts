import { hashKey, type QueryClient, type QueryFilters } from '@tanstack/react-query';
import type { EventName, EventPayload } from '../../../shared/api/contract';
import type { Transport } from '../../../shared/api/client';
import type { ApiQueryKey } from './keys';
import { cacheUpdatesFor, invalidationsFor, refetchWindows } from './event-table';
import { notifyStale } from './stale-listeners';

/**
 * Reads the queries under `key` again, never two reads of one key at a time: a change during a
 * read schedules exactly one more, after it. (Cancelling the read under way instead could starve
 * a view while events keep coming faster than the core answers.)
 */
function serialRefetcher(client: QueryClient) {
  const runs = new Map<string, { running: boolean; again: boolean }>();
  return (key: ApiQueryKey) => {
    const filters: QueryFilters = { queryKey: key };
    // Queries no screen shows just go stale: they are read when a screen shows them again.
    void client.invalidateQueries({ ...filters, refetchType: 'none' }).catch(() => {});
    if (client.getQueryCache().findAll({ ...filters, type: 'active' }).length === 0) return;
    const id = hashKey(key);
    const run = runs.get(id) ?? { running: false, again: false };
    runs.set(id, run);
    if (run.running) {
      run.again = true;
      return;
    }
    run.running = true;
    void (async () => {
      try {
        // A read under way may have started before this change: let it end, then read again.
        if (client.isFetching(filters) > 0) await client.refetchQueries({ ...filters, type: 'active' }, { cancelRefetch: false });
        do {
          run.again = false;
          await client.refetchQueries({ ...filters, type: 'active' }, { cancelRefetch: false });
        } while (run.again);
      } catch {
        // A failed read shows as the query's error; the next event reads again.
      } finally {
        run.running = false;
        runs.delete(id);
      }
    })();
  };
}

/**
 * Paces the refetches of one key by its method's window (refetchWindows): the first event after
 * a quiet spell reads at once (a finished campaign's last delivery shows now, not a second
 * later), and the rest of a burst collapse into one read per window, at its end.
 */
function windowed(refetch: (key: ApiQueryKey) => void) {
  const open = new Map<string, { key: ApiQueryKey; timer: ReturnType<typeof setTimeout>; pending: boolean }>();
  const close = (id: string, ms: number) => {
    const w = open.get(id);
    if (!w) return;
    if (!w.pending) {
      open.delete(id);
      return;
    }
    // Events came during the window: one read for all of them, and a new window after it.
    w.pending = false;
    refetch(w.key);
    w.timer = setTimeout(() => close(id, ms), ms);
  };
  const schedule = (key: ApiQueryKey) => {
    const ms = refetchWindows[key[0]] ?? 0;
    if (ms <= 0) return refetch(key);
    const id = hashKey(key);
    const w = open.get(id);
    if (w) {
      w.pending = true;
      return;
    }
    refetch(key);
    open.set(id, { key, pending: false, timer: setTimeout(() => close(id, ms), ms) });
  };
  const cancel = () => {
    for (const { timer } of open.values()) clearTimeout(timer);
    open.clear();
  };
  return { schedule, cancel };
}

/** Executes one event: writes the state it carries, then marks and reads again what went stale. */
export function applyEvent<E extends EventName>(client: QueryClient, schedule: (key: ApiQueryKey) => void, name: E, payload: EventPayload<E>): void {
  for (const u of cacheUpdatesFor(name, payload)) {
    client.setQueriesData({ queryKey: u.key }, (old: unknown) => (old === undefined ? old : u.update(old as never)));
  }
  for (const key of invalidationsFor(name, payload)) schedule(key);
}

/**
 * The renderer's one subscription to the core's events for cached data: each event goes through
 * the table in event-table.ts. After a reconnection (browser mode) events may have been missed,
 * so every shown query is read again. Returns the unsubscribe.
 */
export function connectLiveCache(client: QueryClient, transport: Pick<Transport, 'subscribe' | 'onStatus' | 'status'>): () => void {
  const refetch = serialRefetcher(client);
  // Data kept outside the cache (stale-listeners.ts) hears of the same staleness at the same time.
  const { schedule, cancel } = windowed((key) => {
    refetch(key);
    notifyStale(client, key);
  });
  const offEvents = transport.subscribe((name, payload) => applyEvent(client, schedule, name as EventName, payload as never));
  let wasConnected = transport.status() === 'connected';
  const offStatus = transport.onStatus((status) => {
    if (status === 'connected' && !wasConnected) {
      void client.invalidateQueries();
      notifyStale(client);
    }
    wasConnected = status === 'connected';
  });
  return () => {
    offEvents();
    offStatus();
    cancel();
  };
}

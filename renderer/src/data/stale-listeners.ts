import { useEffect, useRef } from 'react';
import { hashKey, partialMatchKey, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { ApiQueryKey } from './keys';

/**
 * For data a screen keeps outside the query cache (the contacts table's own page cache): it is
 * told when the event table marks its key stale, after the method's refetch window, exactly when
 * a cached query under that key would be read again. The event table stays the one place that
 * says which event makes what stale.
 */
interface Listener {
  key: ApiQueryKey;
  onStale(): void;
}

const registry = new WeakMap<QueryClient, Set<Listener>>();

/** Calls `onStale` whenever a key that covers `key` goes stale. Returns the unsubscribe. */
export function onStale(client: QueryClient, key: ApiQueryKey, onStale: () => void): () => void {
  let set = registry.get(client);
  if (!set) registry.set(client, (set = new Set()));
  const listener: Listener = { key, onStale };
  set.add(listener);
  return () => set.delete(listener);
}

/** Tells the listeners under `key` (a prefix covers every input); with no key, every listener (after a reconnection). */
export function notifyStale(client: QueryClient, key?: ApiQueryKey): void {
  for (const l of [...(registry.get(client) ?? [])]) {
    if (key === undefined || partialMatchKey(l.key, key)) l.onStale();
  }
}

/** `onStale` for a component: `useOnStale(apiKey('contacts.list'), () => reload())`. */
export function useOnStale(key: ApiQueryKey, callback: () => void): void {
  const client = useQueryClient();
  const latest = useRef(callback);
  latest.current = callback;
  const id = hashKey(key);
  // `id` stands for the key (a new array on every render).
  useEffect(() => onStale(client, key, () => latest.current()), [client, id]);
}

import { useCallback, useEffect, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { GroupList } from '../../../../shared/api/methods/groups';
import { api } from '../../api';
import { apiKey, useApiQuery } from '../../data';

/**
 * The groups of one linked number as last read (no network), kept fresh by the event table on
 * `groups.changed`; `refresh` reads them from WhatsApp again and writes the answer into the cache,
 * so every screen showing that number's groups follows. `list` is null while loading or with no
 * number. `error` is the last failed read or refresh (a later success clears it); `readError` only
 * the read, for screens that report refresh failures themselves (refresh resolves to its error).
 */
export function useNumberGroups(numberId: number | null) {
  const client = useQueryClient();
  const query = useApiQuery('groups.list', { numberId: numberId ?? 0 }, { enabled: numberId !== null });
  const [refreshing, setRefreshing] = useState(false);
  const [refreshError, setRefreshError] = useState<unknown>(null);

  // A new number, or a newer read of the list, clears the last refresh's failure.
  useEffect(() => setRefreshError(null), [numberId, query.dataUpdatedAt]);

  const refresh = useCallback(async (): Promise<unknown> => {
    if (numberId === null) return null;
    setRefreshing(true);
    try {
      const list = await api.groups.refresh({ numberId });
      client.setQueryData(apiKey('groups.list', { numberId }), list);
      setRefreshError(null);
      return null;
    } catch (err) {
      setRefreshError(err);
      return err;
    } finally {
      setRefreshing(false);
    }
  }, [client, numberId]);

  const list: GroupList | null = numberId !== null && query.data && query.data.numberId === numberId ? query.data : null;
  const readError = numberId === null ? null : (query.error ?? null);
  return { list, error: refreshError ?? readError, readError, refresh, refreshing };
}

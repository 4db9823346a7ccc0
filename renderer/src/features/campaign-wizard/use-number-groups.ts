import { useCallback, useEffect, useState } from 'react';
import type { GroupList } from '../../../../shared/api/methods/groups';
import { api } from '../../api';

/**
 * The groups of one linked number as last read (no network), kept fresh with `groups.changed`;
 * `refresh` reads them from WhatsApp again. `list` is null while loading or with no number.
 */
export function useNumberGroups(numberId: number | null) {
  const [list, setList] = useState<GroupList | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [refreshing, setRefreshing] = useState(false);

  const load = useCallback(() => {
    if (numberId === null) return;
    api.groups.list({ numberId }).then(
      (l) => {
        setList(l);
        setError(null);
      },
      (err: unknown) => setError(err),
    );
  }, [numberId]);

  useEffect(() => {
    setList(null);
    setError(null);
    if (numberId === null) return;
    load();
    return api.on('groups.changed', (e) => {
      if (e.numberId === numberId) load();
    });
  }, [numberId, load]);

  const refresh = useCallback(async () => {
    if (numberId === null) return;
    setRefreshing(true);
    try {
      setList(await api.groups.refresh({ numberId }));
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      setRefreshing(false);
    }
  }, [numberId]);

  return { list: list && list.numberId === numberId ? list : null, error, refresh, refreshing };
}

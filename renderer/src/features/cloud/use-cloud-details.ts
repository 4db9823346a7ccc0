import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { CloudNumberView } from '../../../../shared/api/methods/cloud';
import { apiKey, useApiQuery } from '../../data';

/**
 * A Cloud number's details, read again by the event table when the number changes (status,
 * quality, relay). A failed read is not shown: the number may have just been removed and the
 * list reloads by itself; the details last read stay.
 */
export function useCloudDetails(numberId: number): { details: CloudNumberView | null; reload(): void; set(v: CloudNumberView): void } {
  const client = useQueryClient();
  const query = useApiQuery('cloud.details', { id: numberId });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  const set = useCallback((v: CloudNumberView) => client.setQueryData(apiKey('cloud.details', { id: numberId }), v), [client, numberId]);
  return { details: query.data ?? null, reload, set };
}

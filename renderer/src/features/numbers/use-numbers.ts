import { useCallback } from 'react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { useApiQuery, useReportedError } from '../../data';

/** The numbers, kept fresh by the event table on `numbers.changed` (bursts collapse into one read). */
export function useNumbers(): { numbers: NumberView[] | null; reload(): void } {
  const query = useApiQuery('numbers.list', undefined);
  useReportedError(query.error);
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { numbers: query.data ?? null, reload };
}

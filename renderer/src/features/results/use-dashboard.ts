import { useCallback } from 'react';
import { keepPreviousData } from '@tanstack/react-query';
import type { DashboardRange } from '../../../../shared/api/methods/results';
import { useApiQuery } from '../../data';

export interface RangeChoice {
  range: DashboardRange;
  from?: string;
  to?: string;
}

/**
 * The Início figures for a range. The event table reads them again (at most ~2 per second) when
 * campaigns, results, numbers or settings change; the figures on screen stay while a new range loads.
 */
export function useDashboard(choice: RangeChoice) {
  const input = choice.range === 'custom' ? { range: 'custom' as const, from: choice.from, to: choice.to } : { range: choice.range };
  const query = useApiQuery('results.dashboard', input, { placeholderData: keepPreviousData });
  const { refetch } = query;
  const reload = useCallback(() => void refetch(), [refetch]);
  return { data: query.data ?? null, error: query.error ?? null, loading: query.isFetching, reload };
}

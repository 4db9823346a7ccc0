import { useQuery, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import type { MethodInput, MethodName, MethodOutput } from '../../../shared/api/contract';
import { api } from '../api';
import { apiKey, type ApiQueryKey } from './keys';

type Options<M extends MethodName> = Omit<UseQueryOptions<MethodOutput<M>, unknown, MethodOutput<M>, ApiQueryKey<M>>, 'queryKey' | 'queryFn'>;

/**
 * One API read through the query cache, kept fresh by the event table (event-table.ts):
 * `useApiQuery('campaigns.runState', { id })`. The method name and input are typed from the contract.
 */
export function useApiQuery<M extends MethodName>(method: M, input: MethodInput<M>, options?: Options<M>): UseQueryResult<MethodOutput<M>, unknown> {
  return useQuery({
    queryKey: apiKey(method, input as never),
    queryFn: () => (api.call as (m: M, i: unknown) => Promise<MethodOutput<M>>)(method, input),
    ...options,
  });
}

import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's one query cache. Events keep it fresh (live-cache.ts), so nothing refetches on
 * window focus or retries on its own; a screen shown again shows what it had and reads it again.
 */
export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 0, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
      mutations: { retry: false },
    },
  });
}

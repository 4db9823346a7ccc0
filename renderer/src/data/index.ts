export { apiKey, type ApiQueryKey } from './keys';
export { useApiQuery } from './use-api-query';
export { createQueryClient } from './query-client';
export { connectLiveCache } from './live-cache';
export { eventInvalidations, eventCacheUpdates, refetchWindows } from './event-table';
export { mergeProgress, replaceInOverview } from './progress';
export { useReportedError } from './use-reported-error';
export { onStale, useOnStale } from './stale-listeners';

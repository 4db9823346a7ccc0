import { useCallback, useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api';
import { apiKey, useApiQuery } from '../../data';
import { recordLatency } from './latency';

export { mergeProgress } from '../../data';

/** A campaign's results, live: the event table writes `campaigns.progress` into them and reads them again on `results.changed`. */
export function useCampaignResults(campaignId: number) {
  const results = useApiQuery('results.campaign', { id: campaignId });
  const [mark, setMark] = useState<{ changedAt: number } | null>(null);

  // Not a reload: only marks when a delivery change happened, for the latency figures below.
  useEffect(
    () =>
      api.on('results.changed', (e) => {
        if (e.campaignId === campaignId && e.reason === 'deliveries') setMark({ changedAt: e.changedAt });
      }),
    [campaignId],
  );

  // After React committed the progress that covers the change, the user can see it.
  useEffect(() => {
    if (mark) recordLatency(mark.changedAt);
  }, [mark]);

  const { refetch } = results;
  const refresh = useCallback(() => void refetch(), [refetch]);
  return { data: results.data ?? null, error: results.error ?? null, refresh };
}

const HOUR = 3_600_000;

/** Sends/reads/replies per hour since the campaign started (per day for long campaigns), read again on changes. */
export function useCampaignTimeline(campaignId: number, startedAt: number | null, finishedAt: number | null) {
  // The window ends an hour after now while the campaign runs: it is computed at each read, so
  // the key names what decides it (campaign, start, end), not the clock.
  const query = useQuery({
    queryKey: [...apiKey('results.timeline', { campaignId }), { startedAt, finishedAt }] as const,
    queryFn: () => {
      const to = (finishedAt ?? Date.now()) + HOUR;
      const from = Math.min(startedAt ?? to - 24 * HOUR, to - 12 * HOUR);
      return api.results.timeline({ campaignId, from: Math.max(0, from), to });
    },
    placeholderData: keepPreviousData,
  });
  return { timeline: query.data ?? null, error: query.error ?? null };
}

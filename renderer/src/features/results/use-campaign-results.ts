import { useCallback, useEffect, useRef, useState } from 'react';
import type { CampaignResults, Timeline } from '../../../../shared/api/methods/results';
import type { CampaignRunState } from '../../../../shared/api/methods/campaign-run';
import { computeRates, progressOf, reachedOf } from '../../../../shared/results';
import { api } from '../../api';
import { recordLatency } from './latency';
import { coalesce } from '../../lib/coalesce';

/** Applies a `campaigns.progress` payload to a results snapshot at once (no round trip). */
export function mergeProgress(r: CampaignResults, p: CampaignRunState): CampaignResults {
  return {
    ...r,
    status: p.status,
    counters: p.counters,
    reached: reachedOf(p.counters),
    rates: computeRates(p.counters, r.closedDeals),
    progress: progressOf(p.counters),
    eta: r.eta ? { ...r.eta, remaining: p.counters.queued + p.counters.sending } : r.eta,
  };
}

/**
 * Runs `load` now and again whenever `trigger()` is called, never two at a time (a trigger
 * during a load schedules exactly one more). Event driven: nothing polls.
 */
function useSerialLoader<T>(load: () => Promise<T>, onData: (v: T) => void, onError: (e: unknown) => void) {
  const state = useRef({ running: false, again: false, alive: true });
  const run = useCallback(async () => {
    const s = state.current;
    if (s.running) {
      s.again = true;
      return;
    }
    s.running = true;
    try {
      const v = await load();
      if (s.alive) onData(v);
    } catch (err) {
      if (s.alive) onError(err);
    } finally {
      s.running = false;
      if (s.again && s.alive) {
        s.again = false;
        void run();
      }
    }
  }, [load, onData, onError]);
  useEffect(() => {
    const s = state.current;
    s.alive = true;
    return () => {
      s.alive = false;
    };
  }, []);
  return run;
}

/** A campaign's results, live: counters from `campaigns.progress`, the rest refetched on `results.changed`. */
export function useCampaignResults(campaignId: number) {
  const [data, setData] = useState<CampaignResults | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [mark, setMark] = useState<{ changedAt: number } | null>(null);
  const load = useCallback(() => api.results.campaign({ id: campaignId }), [campaignId]);
  const onData = useCallback((r: CampaignResults) => {
    setData(r);
    setError(null);
  }, []);
  const refresh = useSerialLoader(load, onData, setError);

  useEffect(() => {
    setData(null);
    void refresh();
    const offs = [
      api.on('campaigns.progress', (p) => {
        if (p.id === campaignId) setData((d) => (d ? mergeProgress(d, p) : d));
      }),
      api.on('results.changed', (e) => {
        if (e.campaignId !== campaignId) return;
        if (e.reason === 'deliveries') setMark({ changedAt: e.changedAt });
        void refresh();
      }),
      api.on('campaigns.changed', (e) => e.id === campaignId && void refresh()),
    ];
    return () => offs.forEach((off) => off());
  }, [campaignId, refresh]);

  // After React committed the progress that covers the change, the user can see it.
  useEffect(() => {
    if (mark) recordLatency(mark.changedAt);
  }, [mark]);

  return { data, error, refresh };
}

const HOUR = 3_600_000;

/** Sends/reads/replies per hour since the campaign started (per day for long campaigns), refreshed on changes. */
export function useCampaignTimeline(campaignId: number, startedAt: number | null, finishedAt: number | null) {
  const [timeline, setTimeline] = useState<Timeline | null>(null);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(() => {
    const to = (finishedAt ?? Date.now()) + HOUR;
    const from = Math.min(startedAt ?? to - 24 * HOUR, to - 12 * HOUR);
    return api.results.timeline({ campaignId, from: Math.max(0, from), to });
  }, [campaignId, startedAt, finishedAt]);
  const onData = useCallback((t: Timeline) => {
    setTimeline(t);
    setError(null);
  }, []);
  const refresh = useSerialLoader(load, onData, setError);

  useEffect(() => {
    void refresh();
    // Charts need not follow every event: at most about twice a second.
    const soon = coalesce(() => void refresh(), 400);
    const offs = [
      api.on('results.changed', (e) => e.campaignId === campaignId && soon()),
      api.on('campaigns.progress', (p) => p.id === campaignId && soon()),
    ];
    return () => {
      offs.forEach((off) => off());
      soon.cancel();
    };
  }, [campaignId, refresh]);

  return { timeline, error };
}

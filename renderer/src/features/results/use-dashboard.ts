import { useCallback, useEffect, useRef, useState } from 'react';
import type { Dashboard, DashboardRange } from '../../../../shared/api/methods/results';
import { api } from '../../api';
import { coalesce } from '../../lib/coalesce';

export interface RangeChoice {
  range: DashboardRange;
  from?: string;
  to?: string;
}

/** The Início figures for a range, reloaded (at most ~2 per second) when campaigns, results or numbers change. */
export function useDashboard(choice: RangeChoice) {
  const [data, setData] = useState<Dashboard | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const current = useRef(choice);
  current.current = choice;
  const inflight = useRef({ running: false, again: false });

  const load = useCallback(async () => {
    const f = inflight.current;
    if (f.running) {
      f.again = true;
      return;
    }
    f.running = true;
    setLoading(true);
    try {
      const c = current.current;
      const d = await api.results.dashboard(c.range === 'custom' ? { range: 'custom', from: c.from, to: c.to } : { range: c.range });
      setData(d);
      setError(null);
    } catch (err) {
      setError(err);
    } finally {
      f.running = false;
      setLoading(false);
      if (f.again) {
        f.again = false;
        void load();
      }
    }
  }, []);

  useEffect(() => {
    void load();
  }, [choice.range, choice.from, choice.to, load]);

  useEffect(() => {
    const soon = coalesce(() => void load(), 500);
    const offs = [
      api.on('campaigns.progress', soon),
      api.on('campaigns.changed', soon),
      api.on('results.changed', soon),
      api.on('numbers.changed', soon),
      api.on('settings.changed', soon),
    ];
    return () => {
      offs.forEach((off) => off());
      soon.cancel();
    };
  }, [load]);

  return { data, error, loading, reload: load };
}

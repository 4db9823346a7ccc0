/**
 * How long a delivery change in the core took to show on screen: `results.changed` carries the
 * core's timestamp of the change, and the view records the difference once React has committed
 * the update (same machine, same clock). Kept for the e2e run and diagnostics; shown as data
 * attributes on the results panel.
 */
export interface LatencyStats {
  last: number;
  max: number;
  count: number;
  samples: number[];
}

const stats: LatencyStats = { last: 0, max: 0, count: 0, samples: [] };

export function recordLatency(changedAt: number, now = Date.now()): number {
  const ms = Math.max(0, now - changedAt);
  stats.last = ms;
  stats.max = Math.max(stats.max, ms);
  stats.count++;
  stats.samples.push(ms);
  if (stats.samples.length > 200) stats.samples.shift();
  return ms;
}

export function latencyStats(): Readonly<LatencyStats> {
  return stats;
}

/** Attributes for the element that shows the figures. */
export function latencyAttributes(): Record<string, string> {
  const sorted = [...stats.samples].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : 0);
  return {
    'data-latency-p99': String(at(0.99)),
    'data-latency-last': String(stats.last),
    'data-latency-max': String(stats.max),
    'data-latency-p50': String(at(0.5)),
    'data-latency-count': String(stats.count),
  };
}

/**
 * The pace a campaign really keeps, from the instants of its latest sends (the engine keeps
 * them in memory, see CampaignRuntime.recentSends). Configured gaps say little about the real
 * pace: typing time, the channel's latency, retries and several numbers sharing the work all
 * change it. The ETA uses this when there is enough of a current run to measure.
 */

const HOUR = 3_600_000;
/** Fewer sends than this in the current run: not enough to measure. */
export const MIN_SENDS_TO_MEASURE = 4;

/**
 * Messages per hour over the current uninterrupted run, or null when it cannot be measured.
 * A gap longer than `breakMs` between two sends (window closed, cap reached, paused) ends a
 * run; so does a silence that long before `now`.
 */
export function observedPerHour(instants: readonly number[], now: number, breakMs: number): number | null {
  if (instants.length < MIN_SENDS_TO_MEASURE) return null;
  const sorted = [...instants].sort((a, b) => a - b);
  const last = sorted[sorted.length - 1];
  if (now - last > breakMs) return null;
  let first = sorted.length - 1;
  while (first > 0 && sorted[first] - sorted[first - 1] <= breakMs) first--;
  const n = sorted.length - first;
  if (n < MIN_SENDS_TO_MEASURE) return null;
  return ((n - 1) * HOUR) / Math.max(1, last - sorted[first]);
}

/** How long a gap between sends means "the run stopped", for a configured average gap. */
export function runBreakMs(averageGapSec: number): number {
  return Math.max(5 * 60_000, 3 * averageGapSec * 1000);
}

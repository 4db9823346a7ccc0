/** Pieces of a campaign's run state as the UI reads it: counters and stored pause params. */
import type { ErrorParams } from '../../../../shared/api/errors';

export const ZERO_COUNTERS = { total: 0, queued: 0, sending: 0, sent: 0, delivered: 0, read: 0, failed: 0, invalid: 0, skipped: 0, cancelled: 0, uncertain: 0, replied: 0 };
export type RunCounters = typeof ZERO_COUNTERS;

/** The counters columns of a campaign_counters row (0 for any missing). */
export function pickCounters(row: Record<string, number> | undefined): RunCounters {
  const out = { ...ZERO_COUNTERS };
  if (!row) return out;
  for (const k of Object.keys(out) as Array<keyof RunCounters>) out[k] = row[k] ?? 0;
  return out;
}

/** Stored pause params (JSON), or null when missing or unreadable. */
export function parseParams(json: string | null): ErrorParams | null {
  if (!json) return null;
  try {
    const v = JSON.parse(json) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return null;
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string | number] => typeof e[1] === 'string' || typeof e[1] === 'number'));
  } catch {
    return null;
  }
}

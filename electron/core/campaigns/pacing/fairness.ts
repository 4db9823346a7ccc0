/** Choosing which campaign a number serves next, and which number a campaign sends from. */

/** A campaign that has a message ready for the same number. */
export interface CampaignCandidate {
  campaignId: string;
  /** When this number last sent for the campaign (null = never). */
  lastSentAt: number | null;
  sentCount: number;
  /** Higher wins ties; it never lets a campaign starve the others. Default 0. */
  priority?: number;
}

/**
 * Round-robin by least-recently-served: the campaign this number served longest ago (or never)
 * goes next. Ties: higher priority, then fewer sends, then campaign id (stable). Null when empty.
 */
export function pickNextCampaign(candidates: CampaignCandidate[]): string | null {
  let best: CampaignCandidate | null = null;
  for (const c of candidates) {
    if (!best || compareCampaigns(c, best) < 0) best = c;
  }
  return best ? best.campaignId : null;
}

function compareCampaigns(a: CampaignCandidate, b: CampaignCandidate): number {
  const la = a.lastSentAt ?? -Infinity;
  const lb = b.lastSentAt ?? -Infinity;
  if (la !== lb) return la < lb ? -1 : 1;
  const pa = a.priority ?? 0;
  const pb = b.priority ?? 0;
  if (pa !== pb) return pb - pa;
  if (a.sentCount !== b.sentCount) return a.sentCount - b.sentCount;
  return a.campaignId < b.campaignId ? -1 : a.campaignId > b.campaignId ? 1 : 0;
}

/** A number a campaign may send from. */
export interface NumberCandidate {
  id: string;
  /** False when disconnected, paused, flagged (ban signal), or out of cap: it is skipped. */
  available: boolean;
  sentToday: number;
  lastUsedAt: number | null;
}

export type RotationStrategy = 'round_robin' | 'least_used';

export interface NumberPick {
  id: string;
  /** Pass back as `cursor` on the next call. */
  cursor: string;
}

/**
 * Picks the number for the next message, skipping unavailable ones (failover).
 * - `round_robin`: the next available number after `cursor` (the id picked last time), in list order.
 * - `least_used`: fewest sends today, then longest unused, then list order.
 * Null when no number is available.
 */
export function pickNumber(strategy: RotationStrategy, numbers: NumberCandidate[], cursor: string | null): NumberPick | null {
  const n = numbers.length;
  if (n === 0) return null;
  if (strategy === 'round_robin') {
    const last = cursor === null ? -1 : numbers.findIndex((x) => x.id === cursor);
    for (let i = 1; i <= n; i++) {
      const cand = numbers[(last + i + n) % n];
      if (cand.available) return { id: cand.id, cursor: cand.id };
    }
    return null;
  }
  let best: NumberCandidate | null = null;
  for (const cand of numbers) {
    if (!cand.available) continue;
    if (
      !best ||
      cand.sentToday < best.sentToday ||
      (cand.sentToday === best.sentToday && (cand.lastUsedAt ?? -Infinity) < (best.lastUsedAt ?? -Infinity))
    ) {
      best = cand;
    }
  }
  return best ? { id: best.id, cursor: best.id } : null;
}

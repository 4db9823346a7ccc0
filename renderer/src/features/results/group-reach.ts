import type { GroupCampaignResults } from '../../../../shared/api/methods/groups';

type Row = GroupCampaignResults['groups'][number];

/** What a per-group figure can honestly say. */
export type Reach =
  /** The post did not go out (queued, skipped, failed): nothing to count. */
  | { kind: 'notSent' }
  /** Sent, but WhatsApp reported no participant for this figure: unknown, never shown as 0. */
  | { kind: 'notReported' }
  /** `n` participants confirmed, out of `of` others in the group when its size is known. */
  | { kind: 'count'; n: number; of: number | null };

const OUT = new Set(['sent', 'delivered', 'read', 'uncertain']);

/**
 * "Entregue a" / "Lida por" of one group. The group's size counts the user too, so the most
 * that can confirm is one less.
 */
export function groupReach(row: Row, figure: 'delivered' | 'read'): Reach {
  if (!OUT.has(row.state) && row.sentAt === null) return { kind: 'notSent' };
  const n = figure === 'delivered' ? row.deliveredTo : row.readBy;
  if (n === null) return { kind: 'notReported' };
  const of = row.participants !== null && row.participants > 1 ? Math.max(n, row.participants - 1) : null;
  return { kind: 'count', n, of };
}

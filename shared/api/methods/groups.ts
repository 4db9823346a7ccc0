import { z } from 'zod';
import { method } from '../method';

/** The WhatsApp groups of a linked number (Números → Grupos), used as campaign audiences and by mirroring. */

export const groupSchema = z.object({
  jid: z.string(),
  subject: z.string(),
  /** Participants, the user included. */
  size: z.number().int(),
  /** The linked number is an admin of the group. */
  isAdmin: z.boolean(),
  /** Only admins may post ("Somente admins"). */
  announce: z.boolean(),
  /** The number may post there: not admins-only, or it is an admin. */
  canPost: z.boolean(),
});
export type GroupView = z.infer<typeof groupSchema>;

export const groupListSchema = z.object({
  numberId: z.number().int(),
  /** When the list was last read from WhatsApp (null: never). */
  refreshedAt: z.number().nullable(),
  groups: z.array(groupSchema),
});
export type GroupList = z.infer<typeof groupListSchema>;

const byNumber = z.object({ numberId: z.number().int().positive() }).strict();

/**
 * A campaign's results per group. `deliveredTo`/`readBy` are null while WhatsApp has reported no
 * participant receipt (unknown, not zero); `quotes`/`mentions` are messages in the group that
 * quoted the post or @-mentioned the number after it (never counted as campaign replies).
 */
export const groupCampaignResultSchema = z.object({
  jid: z.string(),
  /** The group's name as last read; null when the number never listed it. */
  subject: z.string().nullable(),
  /** Participants as last read, the user included; null when unknown. */
  participants: z.number().int().nullable(),
  /** The delivery's state (queued, sending, sent, delivered, read, failed, skipped, …). */
  state: z.string(),
  sentAt: z.number().nullable(),
  /** Why it was not sent (skipped or failed), in pt-BR. */
  reason: z.string().nullable(),
  deliveredTo: z.number().int().nullable(),
  readBy: z.number().int().nullable(),
  quotes: z.number().int(),
  mentions: z.number().int(),
});
export const groupCampaignResultsSchema = z.object({
  campaignId: z.number().int(),
  groups: z.array(groupCampaignResultSchema),
});
export type GroupCampaignResults = z.infer<typeof groupCampaignResultsSchema>;

export const groupsMethods = {
  /** The groups as last read (no network). */
  'groups.list': method(byNumber, groupListSchema),
  /** Reads the groups from WhatsApp again (the number must be connected). */
  'groups.refresh': method(byNumber, groupListSchema),
  /** A campaign sent to groups: one row per group (empty for a campaign to contacts). */
  'groups.campaignResults': method(z.object({ campaignId: z.number().int().positive() }).strict(), groupCampaignResultsSchema),
};

export const groupsEvents = {
  /** A number's groups were read again (on demand, on connect or after a group notification). */
  'groups.changed': z.object({ numberId: z.number().int() }),
  /** New participant receipts or replies in a group for this campaign (coalesced). */
  'groups.resultsChanged': z.object({ campaignId: z.number().int() }),
};

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

export const groupsMethods = {
  /** The groups as last read (no network). */
  'groups.list': method(byNumber, groupListSchema),
  /** Reads the groups from WhatsApp again (the number must be connected). */
  'groups.refresh': method(byNumber, groupListSchema),
};

export const groupsEvents = {
  /** A number's groups were read again (on demand, on connect or after a group notification). */
  'groups.changed': z.object({ numberId: z.number().int() }),
};

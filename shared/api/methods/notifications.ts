import { z } from 'zod';
import { method, none } from '../method';

/** The notification center (derived from other events). Handlers: electron/core/notifications. */

export const notificationKinds = [
  'campaign.finished',
  'campaign.paused',
  'number.disconnected',
  'number.unstable',
  'license.problem',
  'storage.problem',
  'backup.failed',
  'conversation.handoff',
  'backup.restored',
  'update.available',
  'info',
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const notificationSchema = z.object({
  id: z.number().int(),
  kind: z.enum(notificationKinds),
  title: z.string(),
  body: z.string(),
  at: z.number(),
  /** Where the UI should take the user when the notification is clicked (a hash route). */
  route: z.string().nullable(),
  /**
   * The values the pt-BR title and body name (and a variant), so the UI can say the same in
   * another language by `kind`. Keys ending in `At` are times (ms).
   */
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type AppNotification = z.infer<typeof notificationSchema>;

export const notificationsMethods = {
  'notifications.list': method(none, z.array(notificationSchema)),
};

export const notificationsEvents = {
  'notifications.new': notificationSchema,
};

import type { AppNotification, NotificationKind } from '../../../shared/api/methods/notifications';
import type { ErrorParams } from '../../../shared/api/errors';
import type { CoreContext } from '../context';

/**
 * One way to tell the user something happened while they were not looking (campaign finished,
 * paused with a reason, number disconnected, license problem, disk full). The core emits
 * `notifications.new`: the desktop main process shows it as an OS notification, and the UI
 * shows it in its notification center (browser mode also as a toast). The last few are kept
 * so a window opened later (or a reloaded browser tab) still sees them.
 * Never put phone numbers or message texts in a title or body.
 */

const KEEP = 50;

interface Inbox {
  nextId: number;
  items: AppNotification[];
}

const inboxes = new WeakMap<CoreContext, Inbox>();

function inbox(ctx: CoreContext): Inbox {
  let box = inboxes.get(ctx);
  if (!box) {
    box = { nextId: 1, items: [] };
    inboxes.set(ctx, box);
  }
  return box;
}

export function notify(ctx: CoreContext, kind: NotificationKind, title: string, body: string, route: string | null = null, params?: ErrorParams): AppNotification {
  const box = inbox(ctx);
  const n: AppNotification = { id: box.nextId++, kind, title: title.slice(0, 200), body: body.slice(0, 1000), at: Date.now(), route, ...(params ? { params } : {}) };
  box.items.push(n);
  if (box.items.length > KEEP) box.items.splice(0, box.items.length - KEEP);
  ctx.logger.info({ kind, id: n.id }, 'notification');
  ctx.events.emit('notifications.new', n);
  return n;
}

/** Newest first. */
export function recentNotifications(ctx: CoreContext): AppNotification[] {
  return [...inbox(ctx).items].reverse();
}

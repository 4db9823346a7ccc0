import type { AppNotification, NotificationKind } from '../../../shared/api/methods/notifications';
import type { ErrorParams } from '../../../shared/api/errors';
import type { EventBus } from '../events';
import type { Logger } from '../log/logger';

/**
 * One way to tell the user something happened while they were not looking (campaign finished,
 * paused with a reason, number disconnected, license problem, disk full). The core emits
 * `notifications.new`: the desktop main process shows it as an OS notification, and the UI
 * shows it in its notification center (browser mode also as a toast). The last few are kept
 * so a window opened later (or a reloaded browser tab) still sees them.
 * Never put phone numbers or message texts in a title or body.
 */

const KEEP = 50;

/** The notifications of one core (one per core, built by the composition root, services.ts). */
export class Notifications {
  private nextId = 1;
  private readonly items: AppNotification[] = [];

  constructor(
    private readonly logger: Logger,
    private readonly events: EventBus,
  ) {}

  notify(kind: NotificationKind, title: string, body: string, route: string | null = null, params?: ErrorParams): AppNotification {
    const n: AppNotification = { id: this.nextId++, kind, title: title.slice(0, 200), body: body.slice(0, 1000), at: Date.now(), route, ...(params ? { params } : {}) };
    this.items.push(n);
    if (this.items.length > KEEP) this.items.splice(0, this.items.length - KEEP);
    this.logger.info({ kind, id: n.id }, 'notification');
    this.events.emit('notifications.new', n);
    return n;
  }

  /** Newest first. */
  recent(): AppNotification[] {
    return [...this.items].reverse();
  }
}

/** `notifications.*` API: the last notifications, for a window opened after they were sent. */
import type { Handlers } from '../rpc/dispatcher';
import type { Notifications } from './notify';

export function notificationHandlers(notifications: Notifications): Pick<Handlers, 'notifications.list'> {
  return {
    'notifications.list': () => notifications.recent(),
  };
}

/** `notifications.*` API: the last notifications, for a window opened after they were sent. */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { recentNotifications } from './notify';

export function notificationHandlers(ctx: CoreContext): Pick<Handlers, 'notifications.list'> {
  return {
    'notifications.list': () => recentNotifications(ctx),
  };
}

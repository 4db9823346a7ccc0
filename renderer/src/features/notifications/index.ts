export { NotificationCenter } from './NotificationCenter';
export { useNotifications } from './notifications-store';

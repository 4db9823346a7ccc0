import { create } from 'zustand';
import { api, runtimeMode } from '../../api';
import { useAppStore } from '../../store/app-store';
import type { AppNotification } from '../../../../shared/api/methods/notifications';
import { describeNotification } from '../../i18n/core-errors';

/**
 * In-app notifications fed by the core's `notifications.new` event (and `notifications.list`
 * after a reload or reconnect). In browser mode each new one is also shown as a toast; the
 * desktop app shows an OS notification instead (from the main process).
 */

interface NotificationsState {
  items: AppNotification[];
  /** Ids seen by the user (opened the center). */
  readUpTo: number;
  update: { version: string; downloaded: boolean } | null;
  markAllRead(): void;
  dismissUpdate(): void;
}

export const useNotifications = create<NotificationsState>((set, get) => ({
  items: [],
  readUpTo: 0,
  update: null,
  markAllRead() {
    const top = get().items[0]?.id ?? 0;
    set({ readUpTo: top });
  },
  dismissUpdate() {
    set({ update: null });
  },
}));

function add(n: AppNotification): void {
  const { items } = useNotifications.getState();
  if (items.some((i) => i.id === n.id && i.at === n.at)) return;
  useNotifications.setState({ items: [n, ...items].slice(0, 50) });
}

async function load(): Promise<void> {
  try {
    const list = await api.notifications.list();
    // A restarted core numbers from 1 again: the fresh list replaces what we had.
    useNotifications.setState({ items: list, readUpTo: Math.min(useNotifications.getState().readUpTo, list[0]?.id ?? 0) });
  } catch {
    // Older core or not connected yet: events will fill the list.
  }
}

api.on('notifications.new', (n) => {
  add(n);
  if (runtimeMode !== 'browser') return;
  const text = describeNotification(useAppStore.getState().settings?.language ?? 'pt-BR', n);
  useAppStore.getState().notify(n.kind === 'backup.failed' || n.kind === 'storage.problem' ? 'error' : 'info', `${text.title}: ${text.body}`);
});
api.on('updates.available', (u) => useNotifications.setState({ update: u }));
api.transport.onStatus((status) => {
  if (status === 'connected') void load();
});
if (api.transport.status() === 'connected') void load();

import { create } from 'zustand';
import type { AppInfo } from '../../../shared/api/contract';
import type { ConnectionStatus } from '../../../shared/api/client';
import type { Settings, SettingsPatch } from '../../../shared/settings/schema';
import { ApiError } from '../../../shared/api/errors';
import { api } from '../api';

export type RouteId = 'home' | 'contacts' | 'campaigns' | 'replies' | 'numbers' | 'settings';

export const routes: { id: RouteId; hash: string }[] = [
  { id: 'home', hash: '#/inicio' },
  { id: 'contacts', hash: '#/contatos' },
  { id: 'campaigns', hash: '#/campanhas' },
  { id: 'replies', hash: '#/respostas' },
  { id: 'numbers', hash: '#/numeros' },
  { id: 'settings', hash: '#/configuracoes' },
];

export function routeFromHash(hash: string): RouteId {
  return routes.find((r) => hash.startsWith(r.hash))?.id ?? 'home';
}

export interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  message: string;
}

interface AppState {
  route: RouteId;
  connection: ConnectionStatus;
  info: AppInfo | null;
  settings: Settings | null;
  toasts: Toast[];
  navigate(route: RouteId): void;
  load(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<boolean>;
  notify(kind: Toast['kind'], message: string): void;
  dismiss(id: number): void;
  reportError(err: unknown): void;
}

let toastId = 1;

export const useAppStore = create<AppState>((set, get) => ({
  route: routeFromHash(typeof location !== 'undefined' ? location.hash : ''),
  connection: api.transport.status(),
  info: null,
  settings: null,
  toasts: [],
  navigate(route) {
    const hash = routes.find((r) => r.id === route)!.hash;
    if (location.hash !== hash) location.hash = hash;
    set({ route });
  },
  async load() {
    try {
      const [info, settings] = await Promise.all([api.app.info(), api.settings.get()]);
      set({ info, settings });
    } catch (err) {
      get().reportError(err);
    }
  },
  async updateSettings(patch) {
    try {
      const settings = await api.settings.update(patch);
      set({ settings });
      return true;
    } catch (err) {
      get().reportError(err);
      return false;
    }
  },
  notify(kind, message) {
    const id = toastId++;
    set((s) => ({ toasts: [...s.toasts, { id, kind, message }] }));
    if (kind !== 'error') setTimeout(() => get().dismiss(id), 4000);
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  reportError(err) {
    const message = err instanceof ApiError ? err.message : 'Algo deu errado. Tente novamente.';
    get().notify('error', message);
  },
}));

// Keep the store in step with the transport, events and the address bar.
api.transport.onStatus((connection) => {
  useAppStore.setState({ connection });
  if (connection === 'connected') void useAppStore.getState().load();
});
api.on('settings.changed', (settings) => useAppStore.setState({ settings }));
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => useAppStore.setState({ route: routeFromHash(location.hash) }));
}

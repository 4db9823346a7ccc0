import { create } from 'zustand';
import type { AppInfo } from '../../../shared/api/contract';
import type { ConnectionStatus } from '../../../shared/api/client';
import type { Settings, SettingsPatch } from '../../../shared/settings/schema';
import { api } from '../api';
import { describeError } from '../i18n/core-errors';
import { translate } from '../i18n/translate';
import { capToasts } from './toast-stack';

export type RouteId = 'home' | 'contacts' | 'campaigns' | 'replies' | 'numbers' | 'mirroring' | 'settings';

export const routes: { id: RouteId; hash: string }[] = [
  { id: 'home', hash: '#/inicio' },
  { id: 'contacts', hash: '#/contatos' },
  { id: 'campaigns', hash: '#/campanhas' },
  { id: 'replies', hash: '#/respostas' },
  { id: 'numbers', hash: '#/numeros' },
  { id: 'mirroring', hash: '#/espelhar' },
  { id: 'settings', hash: '#/configuracoes' },
];

export function routeFromHash(hash: string): RouteId {
  return routes.find((r) => hash.startsWith(r.hash))?.id ?? 'home';
}

export interface Toast {
  id: number;
  kind: 'error' | 'success' | 'info';
  message: string;
  /** What the toast is about ("settings", "backup"...): a newer toast on the same subject replaces it. */
  subject?: string;
  /** Closes by itself after this long, counted only while not hovered or focused. */
  durationMs: number;
}

export interface ToastOptions {
  subject?: string;
}

/** Errors stay longer (they need reading and maybe acting on), but still close by themselves. */
export const TOAST_DURATION_MS: Record<Toast['kind'], number> = { success: 5000, info: 6000, error: 12000 };


interface AppState {
  route: RouteId;
  connection: ConnectionStatus;
  info: AppInfo | null;
  settings: Settings | null;
  toasts: Toast[];
  /** Browser mode: the core announced a restart (a restore); the page reloads once it is back. */
  restarting: boolean;
  navigate(route: RouteId): void;
  load(): Promise<void>;
  updateSettings(patch: SettingsPatch): Promise<boolean>;
  notify(kind: Toast['kind'], message: string, options?: ToastOptions): void;
  dismiss(id: number): void;
  /** Closes every toast about `subject` (the thing they were about is settled). */
  dismissSubject(subject: string): void;
  /** A failure as an error toast, in the UI language (core errors are translated by code). */
  reportError(err: unknown, options?: ToastOptions): void;
}

let toastId = 1;

export const useAppStore = create<AppState>((set, get) => ({
  route: routeFromHash(typeof location !== 'undefined' ? location.hash : ''),
  connection: api.transport.status(),
  info: null,
  settings: null,
  toasts: [],
  restarting: false,
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
      get().reportError(err, { subject: 'settings' });
      return false;
    }
  },
  notify(kind, message, options) {
    const id = toastId++;
    const subject = options?.subject;
    set((s) => {
      // The same text twice adds nothing; a newer word on the same subject makes the older one obsolete.
      const kept = s.toasts.filter((t) => t.message !== message && (subject === undefined || t.subject !== subject));
      return { toasts: capToasts([...kept, { id, kind, message, subject, durationMs: TOAST_DURATION_MS[kind] }]) };
    });
  },
  dismiss(id) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
  },
  dismissSubject(subject) {
    set((s) => ({ toasts: s.toasts.filter((t) => t.subject !== subject) }));
  },
  reportError(err, options) {
    const language = get().settings?.language ?? 'pt-BR';
    get().notify('error', describeError(language, err, translate(language, 'common.error')), options);
  },
}));

// Keep the store in step with the transport, events and the address bar.
api.transport.onStatus((connection) => {
  useAppStore.setState({ connection });
  if (connection !== 'connected') return;
  // Every page's data changed under it (a restored backup): reloading is the honest way to show it.
  if (useAppStore.getState().restarting) location.reload();
  else void useAppStore.getState().load();
});
api.on('settings.changed', (settings) => useAppStore.setState({ settings }));
api.on('app.restarting', () => useAppStore.setState({ restarting: true }));
if (typeof window !== 'undefined') {
  window.addEventListener('hashchange', () => useAppStore.setState({ route: routeFromHash(location.hash) }));
}

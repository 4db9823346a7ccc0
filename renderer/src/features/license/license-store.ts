import { create } from 'zustand';
import type { LicenseStatus } from '../../../../shared/api/methods/license';
import { api } from '../../api';

interface LicenseStore {
  /** null until the core answered license.status. */
  status: LicenseStatus | null;
  load(): Promise<void>;
  set(status: LicenseStatus): void;
}

export const useLicenseStore = create<LicenseStore>((set) => ({
  status: null,
  async load() {
    try {
      set({ status: await api.license.status() });
    } catch {
      // Not connected yet: the status bar says so, and we load again on connect.
    }
  },
  set: (status) => set({ status }),
}));

api.on('license.changed', (status) => useLicenseStore.setState({ status }));
api.transport.onStatus((connection) => {
  if (connection === 'connected') void useLicenseStore.getState().load();
});

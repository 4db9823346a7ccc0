/** `storage.*` API: free space and writability of the data dir, checked now. */
import type { Handlers } from '../rpc/dispatcher';
import type { StorageHealth } from './storage-health';

export function storageHandlers(health: StorageHealth): Pick<Handlers, 'storage.status'> {
  return {
    'storage.status': () => health.check(),
  };
}

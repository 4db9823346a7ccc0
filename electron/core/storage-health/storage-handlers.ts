/** `storage.*` API: free space and writability of the data dir, checked now. */
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { storageHealth } from './storage-health';

export function storageHandlers(ctx: CoreContext): Pick<Handlers, 'storage.status'> {
  const health = storageHealth(ctx);
  return {
    'storage.status': () => health.check(),
  };
}

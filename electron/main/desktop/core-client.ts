import { createApi, type Api, type Transport } from '../../../shared/api/client';
import type { Reply } from '../../../shared/api/wire';

/**
 * The main process as a typed client of the core, like the window: the same `createApi` over
 * the relay's `call`, with core events fed in by whoever receives them (main and core ship
 * together, so replies have the contract's shapes and need no re-checking here).
 */
export interface CoreClient {
  api: Api;
  /** Hand every core event here; `api.on` listeners get them. */
  dispatch(name: string, payload: unknown): void;
}

export function createCoreClient(call: (method: string, input: unknown) => Promise<Reply>): CoreClient {
  const listeners = new Set<(name: string, payload: unknown) => void>();
  const transport: Transport = {
    call,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    // The relay restarts the core behind the same `call`; the shell has no status bar.
    onStatus: () => () => {},
    status: () => 'connected',
  };
  return {
    api: createApi(transport),
    dispatch(name, payload) {
      for (const l of listeners) l(name, payload);
    },
  };
}

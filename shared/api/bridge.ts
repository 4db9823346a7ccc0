import type { MethodName } from './contract';
import type { Reply } from './wire';

/**
 * What the Electron preload exposes as `window.recado` through contextBridge: one function per
 * API channel (never ipcRenderer itself) plus one event subscription.
 */
export interface RecadoBridge {
  readonly invoke: { readonly [K in MethodName]: (input: unknown) => Promise<Reply> };
  onEvent(listener: (name: string, payload: unknown) => void): () => void;
  readonly platform: string;
}

/** IPC channel names: `rpc:<method>` for requests, one channel for pushed events. */
export const ipcChannel = (method: MethodName): string => `rpc:${method}`;
export const IPC_EVENT_CHANNEL = 'recado:event';

declare global {
  interface Window {
    recado?: RecadoBridge;
  }
}

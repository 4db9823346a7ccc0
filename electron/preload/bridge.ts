import type { MethodName } from '../../shared/api/contract';
import { ipcChannel, IPC_EVENT_CHANNEL, type RecadoBridge } from '../../shared/api/bridge';
import { ErrorCodes } from '../../shared/api/errors';
import type { Reply } from '../../shared/api/wire';

/**
 * Builds `window.recado` from an ipcRenderer-like object and the API's method names. Pure, so
 * Node tests can drive it: the preload passes Electron's ipcRenderer, which itself never reaches
 * the page, and the names the build wrote into it (scripts/build-electron.mjs), not the contract
 * whose zod schemas would cost every window load about 50 ms of parsing for a list of strings.
 */

type Listener = (event: unknown, ...args: unknown[]) => void;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: Listener): unknown;
  removeListener(channel: string, listener: Listener): unknown;
}

const unreachable = (): Reply => ({
  ok: false,
  error: { code: ErrorCodes.disconnected, message: 'A janela perdeu a conexão com o Recado. Feche e abra o Recado de novo.' },
});

export function createBridge(ipc: IpcRendererLike, platform: string, methodNames: readonly MethodName[]): RecadoBridge {
  const invoke = {} as Record<MethodName, (input: unknown) => Promise<Reply>>;
  for (const method of methodNames) {
    const channel = ipcChannel(method);
    // One fixed channel per function: the page cannot name an arbitrary channel.
    invoke[method] = (input: unknown) => ipc.invoke(channel, input).then((reply) => reply as Reply, unreachable);
  }
  return Object.freeze({
    invoke: Object.freeze(invoke),
    onEvent(listener: (name: string, payload: unknown) => void): () => void {
      // The IpcRendererEvent (with its sender) never reaches the page: only name and payload.
      const wrapped: Listener = (_event, name, payload) => {
        if (typeof name === 'string') listener(name, payload);
      };
      ipc.on(IPC_EVENT_CHANNEL, wrapped);
      let active = true;
      return () => {
        if (!active) return;
        active = false;
        ipc.removeListener(IPC_EVENT_CHANNEL, wrapped);
      };
    },
    platform,
  });
}

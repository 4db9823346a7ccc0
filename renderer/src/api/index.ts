import { createApi, type Api } from '../../../shared/api/client';
import { createIpcTransport } from './ipc-transport';
import { createWsTransport } from './ws-transport';

function pickTransport() {
  if (typeof window !== 'undefined' && window.recado) return createIpcTransport(window.recado);
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  return createWsTransport(`${scheme}://${location.host}/api`);
}

/** The one API object the whole UI uses; it cannot tell IPC from WebSocket. */
export const api: Api = createApi(pickTransport());
export const runtimeMode: 'desktop' | 'browser' = typeof window !== 'undefined' && window.recado ? 'desktop' : 'browser';

import type { ApiErrorShape } from './errors';

/**
 * Messages exchanged between the renderer and the core, whatever carries them
 * (Electron IPC, a utilityProcess port or the browser-mode WebSocket).
 */
export interface CallMessage {
  type: 'call';
  id: number;
  method: string;
  input: unknown;
}

export type Reply = { ok: true; result: unknown } | { ok: false; error: ApiErrorShape };

export interface ReplyMessage {
  type: 'reply';
  id: number;
  reply: Reply;
}

export interface EventMessage {
  type: 'event';
  name: string;
  payload: unknown;
}

export type ServerMessage = ReplyMessage | EventMessage;

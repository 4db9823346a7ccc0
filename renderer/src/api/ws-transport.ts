import type { ConnectionStatus, Transport } from '../../../shared/api/client';
import { ErrorCodes } from '../../../shared/api/errors';
import type { Reply, ServerMessage } from '../../../shared/api/wire';

const DISCONNECTED: Reply = {
  ok: false,
  error: { code: ErrorCodes.disconnected, message: 'A conexão com o Recado caiu. Reconectando; tente de novo em instantes.' },
};

/**
 * Browser mode: the same contract over a WebSocket to the local host. Calls made while
 * (re)connecting wait in a queue; calls in flight when the socket drops fail with a typed error
 * (never silently retried: a repeated request could repeat an action).
 */
export function createWsTransport(url: string): Transport {
  let ws: WebSocket | null = null;
  let status: ConnectionStatus = 'connecting';
  let nextId = 1;
  let attempt = 0;
  const pending = new Map<number, (reply: Reply) => void>();
  const queue: string[] = [];
  const eventListeners = new Set<(name: string, payload: unknown) => void>();
  const statusListeners = new Set<(s: ConnectionStatus) => void>();

  const setStatus = (s: ConnectionStatus) => {
    if (s === status) return;
    status = s;
    statusListeners.forEach((l) => l(s));
  };

  function connect(): void {
    const socket = new WebSocket(url);
    ws = socket;
    socket.onopen = () => {
      attempt = 0;
      setStatus('connected');
      for (const msg of queue.splice(0)) socket.send(msg);
    };
    socket.onmessage = (e) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(e.data)) as ServerMessage;
      } catch {
        return;
      }
      if (msg.type === 'reply') {
        pending.get(msg.id)?.(msg.reply);
        pending.delete(msg.id);
      } else if (msg.type === 'event') {
        eventListeners.forEach((l) => l(msg.name, msg.payload));
      }
    };
    socket.onclose = () => {
      ws = null;
      for (const [id, resolve] of pending) {
        resolve(DISCONNECTED);
        pending.delete(id);
      }
      setStatus(attempt >= 3 ? 'offline' : 'reconnecting');
      const delay = Math.min(5000, 300 * 2 ** attempt++);
      setTimeout(connect, delay);
    };
  }
  connect();

  return {
    call(method, input) {
      const id = nextId++;
      const msg = JSON.stringify({ type: 'call', id, method, input });
      return new Promise<Reply>((resolve) => {
        pending.set(id, resolve);
        if (ws && ws.readyState === WebSocket.OPEN) ws.send(msg);
        else queue.push(msg);
      });
    },
    subscribe(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    status: () => status,
  };
}

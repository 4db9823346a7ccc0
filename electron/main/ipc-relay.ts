import { ipcMain, type WebContents } from 'electron';
import { methodNames } from '../../shared/api/contract';
import { ipcChannel, IPC_EVENT_CHANNEL } from '../../shared/api/bridge';
import { ErrorCodes } from '../../shared/api/errors';
import type { Reply } from '../../shared/api/wire';
import { isTrustedSender } from './security';

const FORBIDDEN: Reply = {
  ok: false,
  error: { code: ErrorCodes.forbidden, message: 'Acesso negado: esta tela não pertence ao Recado.' },
};

/**
 * One ipcMain handler per API method (never a generic "call anything" channel). Each checks
 * that the request comes from our own UI before relaying it to the core.
 */
export function registerIpcRelay(call: (method: string, input: unknown) => Promise<Reply>): () => void {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel(method), (event, input: unknown) => {
      if (!isTrustedSender(event.senderFrame?.url)) return FORBIDDEN;
      return call(method, input);
    });
  }
  return () => {
    for (const method of methodNames) ipcMain.removeHandler(ipcChannel(method));
  };
}

/** Pushes a core event to a window, if it is still there to receive it. */
export function sendEvent(target: WebContents | null | undefined, name: string, payload: unknown): void {
  if (!target || target.isDestroyed()) return;
  if (!isTrustedSender(target.getURL())) return;
  target.send(IPC_EVENT_CHANNEL, name, payload);
}

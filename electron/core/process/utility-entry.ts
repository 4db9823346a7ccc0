import { createCore, type Core, type CoreOptions } from '../core';
import { acquireDataDirLock } from '../lock';
import { safeStorageSecretBox } from '../secrets/secret-box';
import { ErrorCodes } from '../../../shared/api/errors';
import type { Reply } from '../../../shared/api/wire';
import { isCallMessage, isInitMessage, type CoreToMain, type FatalMessage, type InitMessage } from './messages';

/**
 * Entry of the Electron utilityProcess that hosts the core. It never imports 'electron':
 * Electron hands it `process.parentPort`, and everything else is plain Node, so the same
 * code runs (and is tested) under Node with a stand-in port.
 */

/** The slice of Electron's ParentPort this entry uses. */
export interface ParentPortLike {
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  postMessage(message: unknown): void;
}

export interface CoreProcessDeps {
  createCore(options: CoreOptions): Core;
  acquireLock(dataDir: string): { release(): void };
  exit(code: number): void;
}

const defaultDeps: CoreProcessDeps = {
  createCore,
  acquireLock: (dataDir) => acquireDataDirLock(dataDir, { mode: 'desktop' }),
  exit: (code) => process.exit(code),
};

const NOT_READY: Reply = {
  ok: false,
  error: { code: ErrorCodes.disconnected, message: 'O Recado ainda está iniciando. Aguarde alguns segundos e tente de novo.' },
};

/** Errors from the lock and the store carry a `code` and a pt-BR message made for the user. */
function toFatal(err: unknown): FatalMessage {
  const coded = err as { code?: unknown; message?: unknown };
  if (err instanceof Error && typeof coded.code === 'string' && /^[a-z]+\.[a-z_.]+$/.test(coded.code)) {
    return { type: 'fatal', code: coded.code, message: err.message };
  }
  return {
    type: 'fatal',
    code: 'core.start_failed',
    message:
      'O Recado não conseguiu iniciar o seu motor de envios. Feche e abra o Recado de novo; se o problema continuar, reinstale o aplicativo.' +
      (err instanceof Error ? ` (Detalhe técnico: ${err.message.slice(0, 300)})` : ''),
  };
}

export function runCoreProcess(port: ParentPortLike, deps: CoreProcessDeps = defaultDeps): void {
  let core: Core | null = null;
  let lock: { release(): void } | null = null;
  let unsubscribe: (() => void) | null = null;
  let started = false;
  let shuttingDown = false;

  const send = (message: CoreToMain): void => {
    try {
      port.postMessage(message);
    } catch (err) {
      // A payload that cannot be cloned must not take the core down; tell main instead.
      if (message.type === 'reply') {
        port.postMessage({
          type: 'reply',
          id: message.id,
          reply: { ok: false, error: { code: ErrorCodes.internal, message: 'A resposta do Recado não pôde ser entregue à janela. Tente novamente.' } },
        } satisfies CoreToMain);
      } else {
        process.stderr.write(`recado core: could not post ${message.type}: ${(err as Error).message}\n`);
      }
    }
  };

  function init(message: InitMessage): void {
    if (started) return;
    started = true;
    const key = Buffer.from(message.secretKey, 'base64');
    if (key.length !== 32) {
      send({ type: 'fatal', code: 'secrets.bad_key', message: 'A chave de proteção das senhas do Recado está corrompida. Reinstale o Recado ou fale com o suporte.' });
      return;
    }
    try {
      lock = deps.acquireLock(message.dataDir);
      core = deps.createCore({ dataDir: message.dataDir, mode: 'desktop', secretBox: safeStorageSecretBox(key, message.secretWarning) });
    } catch (err) {
      lock?.release();
      lock = null;
      const fatal = toFatal(err);
      // Expected refusals (locked, newer database) are explained to the user; only surprises need a stack.
      process.stderr.write(
        fatal.code !== 'core.start_failed'
          ? `recado core: not started (${fatal.code})\n`
          : `recado core: start failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      send(fatal);
      return;
    }
    unsubscribe = core.subscribe((name, payload) => send({ type: 'event', name, payload }));
    send({ type: 'ready' });
  }

  async function shutdown(): Promise<void> {
    if (shuttingDown) return;
    shuttingDown = true;
    unsubscribe?.();
    try {
      await core?.close();
    } catch (err) {
      process.stderr.write(`recado core: close failed: ${(err as Error).message}\n`);
    }
    lock?.release();
    deps.exit(0);
  }

  port.on('message', (event) => {
    const data = event.data;
    if (isCallMessage(data)) {
      const running = core;
      if (!running || shuttingDown) {
        send({ type: 'reply', id: data.id, reply: NOT_READY });
        return;
      }
      running.dispatch(data.method, data.input).then(
        (reply) => send({ type: 'reply', id: data.id, reply }),
        // dispatch() never rejects by contract; this is the last line of defence.
        () => send({ type: 'reply', id: data.id, reply: { ok: false, error: { code: ErrorCodes.internal, message: 'Algo deu errado no Recado. Tente novamente.' } } }),
      );
    } else if (isInitMessage(data)) {
      init(data);
    } else if (typeof data === 'object' && data !== null && (data as { type?: unknown }).type === 'shutdown') {
      void shutdown();
    }
  });
}

// Electron sets process.parentPort only inside a utility process; under plain Node (tests)
// importing this file does nothing.
const parentPort = (process as unknown as { parentPort?: ParentPortLike | null }).parentPort;
if (parentPort) runCoreProcess(parentPort);

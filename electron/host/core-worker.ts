// Worker-thread entry of browser mode's core (see core-thread-protocol.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createCore, type Core } from '../core/core';
import type { CoreThreadData, CoreToHost, HostToCore } from './core-thread-protocol';

function fatalOf(err: unknown): CoreToHost {
  // Known refusals (read-only folder, database from a newer Recado...) carry a pt-BR message.
  const coded = err as { code?: unknown; message?: unknown };
  if (err instanceof Error && typeof coded.code === 'string' && /^[a-z]+\.[a-z_.]+$/.test(coded.code)) {
    return { type: 'fatal', code: coded.code, message: err.message };
  }
  return {
    type: 'fatal',
    code: 'core.start_failed',
    message: `O Recado não conseguiu iniciar: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  };
}

function main(): void {
  const port = parentPort;
  if (!port) return;
  const post = (m: CoreToHost) => port.postMessage(m);
  const data = workerData as CoreThreadData;
  let core: Core;
  try {
    core = createCore({ dataDir: data.dataDir, mode: 'browser', echoLogs: data.echoLogs, testLicensePublicKeyPem: data.testLicensePublicKeyPem, testWhatsApp: data.testWhatsApp });
  } catch (err) {
    post(fatalOf(err));
    return;
  }
  const unsubscribe = core.subscribe((name, payload) => post({ type: 'event', name, payload }));
  let closing: Promise<void> | null = null;
  // Calls sent while the core was opening waited in the port; they run from here on.
  port.on('message', (m: HostToCore) => {
    if (m.type === 'call') {
      void core.dispatch(m.method, m.input).then((reply) => post({ type: 'reply', id: m.id, reply }));
    } else if (m.type === 'takeDownload') {
      let download = null;
      try {
        download = core.services.downloads.claim(m.token);
      } catch (err) {
        core.context.logger.error({ err }, 'download failed');
      }
      post({ type: 'download', id: m.id, download });
    } else if (m.type === 'shutdown') {
      closing ??= (async () => {
        unsubscribe();
        await core.close();
        post({ type: 'closed' });
        port.close();
      })();
    }
  });
  core.context.logger.info('browser mode started');
  post({ type: 'ready' });
}

main();

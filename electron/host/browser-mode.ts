import { acquireDataDirLock } from '../core/lock';
import { startHostServer, type HostServer } from './server';
import { startCoreThread, type CoreThread } from './core-thread';
import { RENDERER_DIST } from './project-paths';
import type { WhatsAppStandIn } from '../core/channels/whatsapp/test-switch';

export interface BrowserModeOptions {
  dataDir: string;
  port?: number;
  staticDir?: string;
  echoLogs?: boolean;
  /** The core could not be started again after a restore; the host cannot go on. */
  onFatal?(err: unknown): void;
  /** TEST ONLY, from `--test-license-public-key` (see core/license/public-key.ts). */
  testLicensePublicKeyPem?: string;
  /** TEST ONLY, from `--test-wa-url`/`--test-wa-root-key` (see core/channels/whatsapp/test-switch.ts). */
  testWhatsApp?: WhatsAppStandIn;
}

export interface BrowserMode {
  /** The running core, in its own thread (a new one after each restart); `core.ready` settles once it has opened the database. */
  readonly core: CoreThread;
  server: HostServer;
  /** Closes the core and opens it again on the same data folder (a staged restore is applied). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The same core as the desktop app, served to a local browser. The server answers as soon as it
 * listens: the core starts beside it in a worker thread, and API calls wait for it.
 * A restore staged from the UI is finished by restarting the core thread here (the desktop app
 * relaunches itself instead): the open tab keeps its session cookie, reconnects, and reloads
 * with the restored data.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const lock = acquireDataDirLock(options.dataDir, { mode: 'browser' });
  const open = () =>
    startCoreThread({ dataDir: options.dataDir, echoLogs: options.echoLogs, testLicensePublicKeyPem: options.testLicensePublicKeyPem, testWhatsApp: options.testWhatsApp });
  let current = open();
  let server: HostServer;
  try {
    server = await startHostServer({ core: current, staticDir: options.staticDir ?? RENDERER_DIST, port: options.port });
  } catch (err) {
    await current.close();
    lock.release();
    throw err;
  }
  lock.update({ url: `http://127.0.0.1:${server.port}/` });
  let stopping: Promise<void> | null = null;
  let restarting: Promise<void> | null = null;

  const restart = (): Promise<void> => {
    restarting ??= (async () => {
      const old = current;
      server.replaceCore(null, 'restore');
      await old.close();
      if (stopping) return;
      // Opening applies the staged restore: this process holds the data-dir lock.
      const next = open();
      await next.ready;
      current = next;
      watch(current);
      // The first core's crash is watched by the caller; a restarted one reports here.
      current.onCrash((err) => options.onFatal?.(err));
      server.replaceCore(current);
    })()
      .catch((err: unknown) => {
        options.onFatal?.(err);
        throw err;
      })
      .finally(() => {
        restarting = null;
      });
    return restarting;
  };

  const watch = (c: CoreThread) =>
    c.subscribe((name) => {
      // After the reply to data.restoreFinish has gone out (it is sent right after this event).
      if (name === 'data.restoreStaged') setTimeout(() => void restart().catch(() => {}), 100);
    });
  watch(current);

  return {
    get core() {
      return current;
    },
    server,
    restart,
    stop() {
      stopping ??= (async () => {
        await restarting?.catch(() => {});
        await server.close();
        await current.close();
        lock.release();
      })();
      return stopping;
    },
  };
}

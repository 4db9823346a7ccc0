import { createCore, type Core } from '../core/core';
import { acquireDataDirLock } from '../core/lock';
import { startHostServer, type HostServer } from './server';
import { RENDERER_DIST } from './project-paths';

export interface BrowserModeOptions {
  dataDir: string;
  port?: number;
  staticDir?: string;
  echoLogs?: boolean;
  /** The core could not be started again after a restore; the host cannot go on. */
  onFatal?(err: unknown): void;
  /** TEST ONLY, from `--test-license-public-key` (see core/license/public-key.ts). */
  testLicensePublicKeyPem?: string;
}

export interface BrowserMode {
  /** The running core (a new one after each restart). */
  readonly core: Core;
  server: HostServer;
  /** Closes the core and opens it again on the same data folder, keeping the address and sessions. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The same core as the desktop app, served to a local browser. A restore staged from the UI
 * is finished by restarting the core here (the desktop app relaunches itself instead): the
 * open tab keeps its session cookie, reconnects, and reloads with the restored data.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const lock = acquireDataDirLock(options.dataDir, { mode: 'browser' });
  const open = () => createCore({ dataDir: options.dataDir, mode: 'browser', echoLogs: options.echoLogs, testLicensePublicKeyPem: options.testLicensePublicKeyPem });
  let core: Core | undefined;
  try {
    core = open();
    const server = await startHostServer({ core, staticDir: options.staticDir ?? RENDERER_DIST, port: options.port });
    lock.update({ url: `http://127.0.0.1:${server.port}/` });
    core.context.logger.info({ port: server.port }, 'browser mode started');
    let current: Core = core;
    let stopping: Promise<void> | null = null;
    let restarting: Promise<void> | null = null;

    const restart = (): Promise<void> => {
      restarting ??= (async () => {
        const old = current;
        old.context.logger.info('restarting the core');
        server.replaceCore(null, 'restore');
        await old.close();
        if (stopping) return;
        // Opening applies the staged restore: this process holds the data-dir lock.
        current = open();
        watch(current);
        server.replaceCore(current);
        current.context.logger.info('core restarted');
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

    const watch = (c: Core) =>
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
  } catch (err) {
    await core?.close();
    lock.release();
    throw err;
  }
}

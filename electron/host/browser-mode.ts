import { createCore, type Core } from '../core/core';
import { acquireDataDirLock } from '../core/lock';
import { startHostServer, type HostServer } from './server';
import { RENDERER_DIST } from './project-paths';

export interface BrowserModeOptions {
  dataDir: string;
  port?: number;
  staticDir?: string;
  echoLogs?: boolean;
  /** TEST ONLY, from `--test-license-public-key` (see core/license/public-key.ts). */
  testLicensePublicKeyPem?: string;
}

export interface BrowserMode {
  core: Core;
  server: HostServer;
  stop(): Promise<void>;
}

/** The same core as the desktop app, served to a local browser. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const lock = acquireDataDirLock(options.dataDir, { mode: 'browser' });
  let core: Core | undefined;
  try {
    core = createCore({ dataDir: options.dataDir, mode: 'browser', echoLogs: options.echoLogs, testLicensePublicKeyPem: options.testLicensePublicKeyPem });
    const server = await startHostServer({ core, staticDir: options.staticDir ?? RENDERER_DIST, port: options.port });
    lock.update({ url: `http://127.0.0.1:${server.port}/` });
    core.context.logger.info({ port: server.port }, 'browser mode started');
    let stopping: Promise<void> | null = null;
    const started = core;
    return {
      core: started,
      server,
      stop() {
        stopping ??= (async () => {
          await server.close();
          await started.close();
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

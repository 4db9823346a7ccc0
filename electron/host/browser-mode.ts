import { acquireDataDirLock } from '../core/lock';
import { startHostServer, type HostServer } from './server';
import { startCoreThread, type CoreThread } from './core-thread';
import { RENDERER_DIST } from './project-paths';

export interface BrowserModeOptions {
  dataDir: string;
  port?: number;
  staticDir?: string;
  echoLogs?: boolean;
}

export interface BrowserMode {
  /** The core, in its own thread; `core.ready` settles once it has opened the database. */
  core: CoreThread;
  server: HostServer;
  stop(): Promise<void>;
}

/**
 * The same core as the desktop app, served to a local browser. The server answers as soon as it
 * listens: the core starts beside it in a worker thread, and API calls wait for it.
 */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const lock = acquireDataDirLock(options.dataDir, { mode: 'browser' });
  const core = startCoreThread({ dataDir: options.dataDir, echoLogs: options.echoLogs });
  let server: HostServer;
  try {
    server = await startHostServer({ core, staticDir: options.staticDir ?? RENDERER_DIST, port: options.port });
  } catch (err) {
    await core.close();
    lock.release();
    throw err;
  }
  lock.update({ url: `http://127.0.0.1:${server.port}/` });
  let stopping: Promise<void> | null = null;
  return {
    core,
    server,
    stop() {
      stopping ??= (async () => {
        await server.close();
        await core.close();
        lock.release();
      })();
      return stopping;
    },
  };
}

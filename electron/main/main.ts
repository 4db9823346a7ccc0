import path from 'node:path';
import { app, dialog, session, type BrowserWindow } from 'electron';
import { bundlePaths } from './app-paths';
import { CoreRelay, type CoreFatal } from './core-relay';
import { forkCoreProcess } from './core-process';
import { requestedDataDir } from './data-dir';
import { hardenAllWebContents, hardenSession } from './harden';
import { registerIpcRelay, sendEvent } from './ipc-relay';
import { registerAppScheme, serveApp } from './protocol';
import { safeStorageProtector } from './safe-storage';
import { loadDataKey } from './secret-key';
import { createMainWindow, focusWindow } from './window';

/**
 * Electron main: lifecycle only. The engine runs in a utility process (core-process), the UI
 * in a sandboxed window (window), and this file wires them together. Tray, notifications and
 * auto-update attach here later without touching the others.
 */

registerAppScheme(); // must happen before 'ready'

// A custom data dir also gets its own Chromium profile and single-instance lock, so two
// installs pointed at different folders can run side by side.
const customDataDir = requestedDataDir(process.argv);
if (customDataDir) app.setPath('userData', customDataDir);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  run();
}

function run(): void {
  const paths = bundlePaths(import.meta.url, app.isPackaged ? null : (process.env.RECADO_RENDERER_DIR ?? null));
  const dataDir = app.getPath('userData');
  let mainWindow: BrowserWindow | null = null;
  let relay: CoreRelay | null = null;
  let coreStopped = false;
  let fatalShown = false;

  const openWindow = (): void => {
    mainWindow = createMainWindow({
      preload: paths.preload,
      devTools: !app.isPackaged,
      icon: process.platform === 'linux' ? path.join(app.getAppPath(), 'resources', 'icon.png') : undefined,
    });
    mainWindow.on('closed', () => (mainWindow = null));
  };

  const showFatal = (fatal: CoreFatal): void => {
    if (fatalShown) return;
    fatalShown = true;
    console.error(`recado: fatal ${fatal.code}`);
    dialog.showErrorBox('Recado não pôde continuar', fatal.message);
    app.quit();
  };

  app.on('second-instance', () => focusWindow(mainWindow));
  hardenAllWebContents();

  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => {
    if (!mainWindow && relay && !fatalShown) openWindow();
  });

  // Let the core close cleanly (finish the current write, checkpoint the database, release
  // the data-dir lock) before the app goes away.
  app.on('before-quit', (event) => {
    if (coreStopped || !relay) return;
    event.preventDefault();
    const stopping = relay;
    relay = null;
    void stopping.stop().finally(() => {
      coreStopped = true;
      app.quit();
    });
  });

  void app.whenReady().then(async () => {
    if (process.platform === 'win32') app.setAppUserModelId('br.com.recado.app');
    hardenSession(session.defaultSession);
    serveApp(session.defaultSession, paths.renderer);

    const core = new CoreRelay({
      spawn: () => forkCoreProcess(paths.coreEntry),
      async init() {
        const { key, warning } = await loadDataKey(dataDir, safeStorageProtector());
        const secretKey = key.toString('base64');
        key.fill(0);
        return { type: 'init', dataDir, secretKey, secretWarning: warning };
      },
      onEvent: (name, payload) => sendEvent(mainWindow?.webContents, name, payload),
      onFatal: showFatal,
    });
    relay = core;
    registerIpcRelay((method, input) => core.call(method, input));
    // The window opens while the core starts; its first calls wait for 'ready'.
    openWindow();
    try {
      await core.start();
    } catch (err) {
      const coded = err as { code?: unknown };
      if (coded.code === 'core.stopped') return; // the user quit while starting
      showFatal({ code: typeof coded.code === 'string' ? coded.code : 'core.start_failed', message: (err as Error).message });
    }
  });
}

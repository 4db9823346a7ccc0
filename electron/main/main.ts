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
import { DesktopShell } from './desktop/desktop-shell';

/**
 * Electron main: lifecycle only. The engine runs in a utility process (core-process), the UI
 * in a sandboxed window (window), and this file wires them together. Tray, notifications,
 * close-to-tray, sleep/resume and auto-update live in desktop/ (DesktopShell).
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
  let shell: DesktopShell | null = null;
  let coreStopped = false;
  let fatalShown = false;
  let quitting = false;
  const iconPath = path.join(app.getAppPath(), 'resources', 'icon.png');

  const openWindow = (): void => {
    mainWindow = createMainWindow({
      preload: paths.preload,
      devTools: !app.isPackaged,
      icon: process.platform === 'linux' ? iconPath : undefined,
    });
    mainWindow.on('closed', () => (mainWindow = null));
    shell?.attachWindow(mainWindow);
  };
  const showWindow = (): BrowserWindow | null => {
    if (!mainWindow && relay && !fatalShown) openWindow();
    focusWindow(mainWindow);
    return mainWindow;
  };

  const showFatal = (fatal: CoreFatal): void => {
    if (fatalShown) return;
    fatalShown = true;
    shell?.markQuitting();
    console.error(`recado: fatal ${fatal.code}`);
    dialog.showErrorBox('Recado não pôde continuar', fatal.message);
    app.quit();
  };

  app.on('second-instance', () => showWindow());
  hardenAllWebContents();

  app.on('window-all-closed', () => app.quit());
  app.on('activate', () => showWindow());

  // Ask first while campaigns send (they stay resumable), then let the core close cleanly
  // (finish the current write, checkpoint the database, release the data-dir lock).
  app.on('before-quit', (event) => {
    if (coreStopped || !relay) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    void (async () => {
      if (shell && !fatalShown && !(await shell.confirmQuit())) {
        quitting = false;
        return;
      }
      shell?.dispose();
      const stopping = relay;
      relay = null;
      await stopping?.stop().catch(() => {});
      coreStopped = true;
      app.quit();
    })();
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
      onEvent: (name, payload) => {
        sendEvent(mainWindow?.webContents, name, payload);
        shell?.onCoreEvent(name, payload);
      },
      onFatal: showFatal,
      // Backups, exports, restores and number checks of a large database take longer than an
      // ordinary call (the dialogs show progress meanwhile).
      timeouts: {
        'data.backupNow': 30 * 60_000,
        'data.exportAll': 30 * 60_000,
        'data.restoreFinish': 30 * 60_000,
        'data.deleteAll': 30 * 60_000,
        'contacts.export': 30 * 60_000,
        'reports.campaign': 30 * 60_000,
        'whatsapp.checkList': 60 * 60_000,
      },
    });
    relay = core;
    shell = new DesktopShell({
      call: (method, input) => core.call(method, input),
      getWindow: () => mainWindow,
      showWindow,
      sendToWindow: (name, payload) => sendEvent(mainWindow?.webContents, name, payload),
      iconPath,
      log: (message) => console.error(`recado: ${message}`),
    });
    const desktop = shell;
    registerIpcRelay((method, input) => desktop.handleCall(method, input));
    // The window opens while the core starts; its first calls wait for 'ready'.
    openWindow();
    try {
      await core.start();
      // Tray, notifications and updates are conveniences: their failure must not stop the app.
      await desktop.start().catch((err: Error) => console.error(`recado: desktop shell: ${err.message}`));
    } catch (err) {
      const coded = err as { code?: unknown };
      if (coded.code === 'core.stopped') return; // the user quit while starting
      showFatal({ code: typeof coded.code === 'string' ? coded.code : 'core.start_failed', message: (err as Error).message });
    }
  });
}

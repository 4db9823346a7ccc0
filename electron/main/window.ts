import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './security';

export interface MainWindowOptions {
  preload: string;
  icon?: string;
  /** Developer tools: on when running from source, off in the installed app. */
  devTools: boolean;
}

/** The single app window: sandboxed renderer, no Node, our UI from app://recado/. */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'Recado',
    backgroundColor: '#ffffff',
    icon: options.icon,
    autoHideMenuBar: true,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      devTools: options.devTools,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** A second launch brings the existing window forward instead of starting another engine. */
export function focusWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  if (!win.isVisible()) win.show();
  win.focus();
}

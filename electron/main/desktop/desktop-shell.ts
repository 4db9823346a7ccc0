import path from 'node:path';
import { app, dialog, Notification, powerMonitor, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { Reply } from '../../../shared/api/wire';
import type { DesktopPrefs } from '../../../shared/api/methods/desktop';
import type { Settings } from '../../../shared/settings/schema';
import { APP_ENTRY_URL } from '../security';
import type { CampaignView } from './campaign-state';
import { CampaignWatch } from './campaign-watch';
import { createCoreClient, type CoreClient } from './core-client';
import { closeAction, CLOSE_TO_TRAY_EXPLANATION, quitQuestion } from './close-policy';
import { createMainCalls } from './main-calls';
import { PowerSaveController } from './power-policy';
import { AppTray } from './tray';
import { trayModel, type TrayAction } from './tray-model';
import { AppUpdater } from './updater';

/**
 * Desktop-grade behaviour around the core: tray with campaign status and "Pausar todas",
 * close-to-tray, a question before quitting while campaigns send, OS notifications, keeping
 * the computer awake only while sending, telling the core when the computer wakes up, start
 * at login and auto-update. Decisions live in the pure modules next to this file; this one
 * only connects them to Electron.
 */

export interface DesktopShellOptions {
  call(method: string, input: unknown): Promise<Reply>;
  getWindow(): BrowserWindow | null;
  /** Shows (creating if needed) the main window. */
  showWindow(): BrowserWindow | null;
  sendToWindow(name: string, payload: unknown): void;
  iconPath: string;
  log(message: string): void;
}

const ROUTE = /^#\/[a-z0-9/-]{0,80}$/;

export class DesktopShell {
  private readonly core: CoreClient;
  private readonly watch: CampaignWatch;
  private readonly power = new PowerSaveController(powerSaveBlocker);
  private readonly updater: AppUpdater;
  private tray: AppTray | null = null;
  private closeToTray = true;
  private closeExplained = false;
  private startAtLogin: boolean | null = null;
  private quitting = false;
  private quitConfirmed = false;
  private readonly disposers: Array<() => void> = [];
  /** Main-process handling of some API calls (save dialogs, update install). */
  readonly handleCall: (method: string, input: unknown) => Promise<Reply>;

  constructor(private readonly opts: DesktopShellOptions) {
    this.core = createCoreClient(opts.call);
    this.watch = new CampaignWatch({ api: this.core.api, onChange: (list) => this.onCampaigns(list), log: opts.log });
    this.disposers.push(
      this.core.api.on('settings.changed', (s) => this.applySettings(s)),
      this.core.api.on('desktop.prefsChanged', (p) => this.applyPrefs(p)),
      this.core.api.on('data.restoreStaged', () => void this.offerRestart()),
      this.core.api.on('notifications.new', (n) => this.osNotify(n.title, n.body, n.route ?? null)),
    );
    this.updater = new AppUpdater({
      isPackaged: app.isPackaged,
      resourcesPath: process.resourcesPath,
      sending: () => this.sending(),
      log: opts.log,
      onAvailable: (info) => {
        opts.sendToWindow('updates.available', info);
        if (info.downloaded) this.osNotify('Há uma atualização do Recado', `A versão ${info.version} está pronta. Ela será instalada quando você sair do Recado.`);
      },
    });
    this.handleCall = createMainCalls({
      call: opts.call,
      askSavePath: async (spec, defaultName, filters) => {
        const win = opts.getWindow();
        const options = { title: spec.title, buttonLabel: spec.buttonLabel, defaultPath: path.join(app.getPath('documents'), defaultName), filters, properties: ['createDirectory' as const, 'showOverwriteConfirmation' as const] };
        const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? null : result.filePath;
      },
      local: {
        'updates.install': () => {
          const r = this.updater.install();
          return r.ok ? { ok: true, result: { ok: true } } : { ok: false, error: { code: 'updates.not_now', message: r.message } };
        },
      },
    });
  }

  /** After the core is ready. */
  async start(): Promise<void> {
    try {
      this.tray = new AppTray(this.opts.iconPath, (action, id) => void this.onTrayAction(action, id));
    } catch (err) {
      // Some Linux desktops have no tray: closing the window then quits, as before.
      this.opts.log(`tray unavailable: ${(err as Error).message}`);
    }
    const onResume = () => {
      void this.core.api.app.resumed().catch(() => {});
      void this.watch.refresh();
    };
    powerMonitor.on('resume', onResume);
    this.disposers.push(() => powerMonitor.off('resume', onResume));

    const [settings, prefs] = await Promise.allSettled([this.core.api.settings.get(), this.core.api.desktop.prefs()]);
    if (settings.status === 'fulfilled') this.applySettings(settings.value);
    if (prefs.status === 'fulfilled') this.applyPrefs(prefs.value);
    await this.watch.refresh();
    this.onCampaigns(this.watch.list);
    await this.updater.start();
  }

  /** Every core event passes through here (besides going to the window). */
  onCoreEvent(name: string, payload: unknown): void {
    this.core.dispatch(name, payload);
  }

  /** Close-to-tray for the main window. */
  attachWindow(win: BrowserWindow): void {
    win.on('close', (event) => {
      const action = closeAction({ closeToTray: this.closeToTray, explained: this.closeExplained, quitting: this.quitting, trayAvailable: this.tray !== null });
      if (action === 'close') return;
      event.preventDefault();
      win.hide();
      if (action === 'hide-and-explain') {
        this.closeExplained = true;
        void dialog.showMessageBox({ type: 'info', ...CLOSE_TO_TRAY_EXPLANATION, noLink: true });
        void this.core.api.desktop.updatePrefs({ closeToTrayExplained: true }).catch(() => {});
      }
    });
  }

  /** Asked from before-quit. True when the app may quit now. */
  async confirmQuit(): Promise<boolean> {
    if (this.quitConfirmed) return true;
    const question = quitQuestion(this.watch.list);
    if (question) {
      const win = this.opts.getWindow();
      const options = { type: 'question' as const, message: question.message, detail: question.detail, buttons: question.buttons, defaultId: 1, cancelId: 1, noLink: true };
      const { response } = win && win.isVisible() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      if (response !== 0) return false;
    }
    this.quitConfirmed = true;
    this.quitting = true;
    return true;
  }

  /** Quitting without asking (fatal error, update install). */
  markQuitting(): void {
    this.quitConfirmed = true;
    this.quitting = true;
  }

  dispose(): void {
    this.power.release();
    this.updater.stop();
    this.watch.dispose();
    this.tray?.destroy();
    this.tray = null;
    for (const d of this.disposers.splice(0)) d();
  }

  /** A validated backup waits for the next start: offer to restart now. */
  private async offerRestart(): Promise<void> {
    const win = this.opts.getWindow();
    const options = {
      type: 'question' as const,
      message: 'Backup verificado. Reiniciar o Recado agora para concluir a restauração?',
      detail: 'Os dados atuais ficam guardados em uma cópia na pasta de backups. Se preferir, a restauração é concluída na próxima vez que você abrir o Recado.',
      buttons: ['Reiniciar agora', 'Depois'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    };
    const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    if (response !== 0) return;
    app.relaunch();
    app.quit();
  }

  private sending(): boolean {
    return this.power.blocking || this.watch.list.some((c) => c.status === 'running' && c.waiting === null);
  }

  private onCampaigns(list: readonly CampaignView[]): void {
    this.power.update(list, Date.now());
    this.tray?.render(trayModel(list));
  }

  private async onTrayAction(action: TrayAction, campaignId?: number): Promise<void> {
    if (action === 'open') this.opts.showWindow();
    else if (action === 'open-campaign') this.navigate(`#/campanhas/${campaignId}`);
    else if (action === 'quit') app.quit();
    else if (action === 'pause-all') {
      const paused = await this.watch.pauseAll();
      this.osNotify('Campanhas pausadas', paused === 1 ? '1 campanha foi pausada. Retome quando quiser.' : `${paused} campanhas foram pausadas. Retome quando quiser.`);
    }
  }

  private navigate(route: string | null): void {
    const win = this.opts.showWindow();
    if (win && route && ROUTE.test(route)) void win.loadURL(`${APP_ENTRY_URL}${route}`);
  }

  private osNotify(title: string, body: string, route: string | null = null): void {
    if (!Notification.isSupported()) return;
    const n = new Notification({ title, body, icon: this.opts.iconPath });
    n.on('click', () => this.navigate(route));
    n.show();
  }

  private applySettings(s: Settings): void {
    this.closeToTray = s.closeToTray;
  }

  private applyPrefs(p: DesktopPrefs): void {
    this.closeExplained = this.closeExplained || p.closeToTrayExplained;
    if (p.startAtLogin !== this.startAtLogin) {
      this.startAtLogin = p.startAtLogin;
      // From source this would register the bare Electron binary; only installed apps do it.
      if (app.isPackaged) app.setLoginItemSettings({ openAtLogin: p.startAtLogin });
    }
  }
}

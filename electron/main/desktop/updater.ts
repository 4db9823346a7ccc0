import fs from 'node:fs';
import path from 'node:path';
import { installDecision, isUsableFeedUrl, updateCheckDecision } from './update-guard';

/**
 * Auto-update through electron-updater, loaded with a dynamic import so the app (and the type
 * check) work without it: when the package is missing the updater simply stays off. The feed is
 * RECADO_UPDATE_URL at run time if set, else the URL electron-builder baked into app-update.yml.
 */

/** The slice of electron-updater's AppUpdater used here. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-available' | 'update-downloaded' | 'error', listener: (info: { version?: string } | Error) => void): unknown;
}

export async function loadAutoUpdater(): Promise<AutoUpdaterLike | null> {
  // A variable specifier keeps bundlers and tsc from requiring the package at build time.
  const specifier = 'electron-updater';
  try {
    const mod = (await import(specifier)) as { autoUpdater?: AutoUpdaterLike; default?: { autoUpdater?: AutoUpdaterLike } };
    return mod.autoUpdater ?? mod.default?.autoUpdater ?? null;
  } catch {
    return null;
  }
}

export interface AppUpdaterOptions {
  isPackaged: boolean;
  resourcesPath: string;
  env?: NodeJS.ProcessEnv;
  /** Is a campaign actively sending right now? */
  sending(): boolean;
  onAvailable(info: { version: string; downloaded: boolean }): void;
  log(message: string): void;
  now?(): number;
}

export class AppUpdater {
  private updater: AutoUpdaterLike | null = null;
  private lastCheckAt: number | null = null;
  private timer: ReturnType<typeof setInterval> | null = null;
  private downloaded = false;

  constructor(private readonly opts: AppUpdaterOptions) {}

  private hasFeed(): boolean {
    const env = this.opts.env ?? process.env;
    return isUsableFeedUrl(env.RECADO_UPDATE_URL) || fs.existsSync(path.join(this.opts.resourcesPath, 'app-update.yml'));
  }

  async start(): Promise<void> {
    if (!this.opts.isPackaged) return; // development builds never update themselves
    this.updater = await loadAutoUpdater();
    if (!this.updater) {
      this.opts.log('updater: electron-updater is not installed; updates are off');
      return;
    }
    const url = (this.opts.env ?? process.env).RECADO_UPDATE_URL;
    if (isUsableFeedUrl(url)) this.updater.setFeedURL({ provider: 'generic', url });
    this.updater.autoDownload = true;
    this.updater.autoInstallOnAppQuit = true;
    this.updater.on('update-available', (info) => this.opts.onAvailable({ version: (info as { version?: string }).version ?? '', downloaded: false }));
    this.updater.on('update-downloaded', (info) => {
      this.downloaded = true;
      this.opts.onAvailable({ version: (info as { version?: string }).version ?? '', downloaded: true });
    });
    this.updater.on('error', (err) => this.opts.log(`updater: ${(err as Error).message ?? 'error'}`));
    // First look a minute after start, then every hour the guard decides whether it is time.
    setTimeout(() => void this.maybeCheck(), 60_000).unref();
    this.timer = setInterval(() => void this.maybeCheck(), 60 * 60_000);
    this.timer.unref();
  }

  async maybeCheck(): Promise<void> {
    if (!this.updater) return;
    const now = this.opts.now?.() ?? Date.now();
    const decision = updateCheckDecision({ isPackaged: this.opts.isPackaged, hasFeedUrl: this.hasFeed(), sending: this.opts.sending(), lastCheckAt: this.lastCheckAt, now });
    if (!decision.check) return;
    this.lastCheckAt = now;
    try {
      await this.updater.checkForUpdates();
    } catch (err) {
      this.opts.log(`updater: check failed: ${(err as Error).message}`);
    }
  }

  /** "Reiniciar e atualizar" from the UI. */
  install(): { ok: true } | { ok: false; message: string } {
    if (!this.updater || !this.downloaded) return { ok: false, message: 'A atualização ainda está sendo baixada. Tente de novo em alguns minutos.' };
    const decision = installDecision(this.opts.sending());
    if (!decision.install) return { ok: false, message: decision.message };
    this.updater.quitAndInstall(false, true);
    return { ok: true };
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

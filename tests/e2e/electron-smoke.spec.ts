import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/**
 * The real desktop app, driven by Playwright's Electron support: window, app:// UI, core in the
 * utility process, close-to-tray and a clean quit. Build machines without internet have no
 * Electron binary; there this test is skipped with the reason (a skip is not a pass).
 */

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** Electron's binary if installed, without triggering its download (as scripts/start.mjs does). */
function electronBinary(): string | null {
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'));
    const pathFile = path.join(dir, 'path.txt');
    if (!fs.existsSync(pathFile)) return null;
    const exe = path.join(dir, 'dist', fs.readFileSync(pathFile, 'utf8').trim());
    return fs.existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const hasElectron = binary !== null;
const NO_ELECTRON =
  'No Electron binary: node_modules/electron has no downloaded dist/ (offline install). Run "node node_modules/electron/install.js" with internet access, then re-run this test.';
test.describe('desktop app (Electron)', () => {
  test('opens the window with our UI, runs the core in its utility process and quits cleanly', async () => {
    if (!hasElectron) {
      // The list reporter does not show skip reasons; say it out loud.
      console.log(`SKIPPED — ${NO_ELECTRON}`);
      test.skip(true, NO_ELECTRON);
    }
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-electron.mjs')], { cwd: ROOT, stdio: 'inherit' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-electron-'));
    const app = await electron.launch({
      executablePath: binary!,
      args: [ROOT, '--data-dir', dataDir, ...(process.platform === 'linux' ? ['--no-sandbox'] : [])],
      env: { ...process.env, RECADO_RENDERER_DIR: path.join(ROOT, 'dist', 'renderer'), RECADO_AUTO_BACKUP: 'off' },
    });
    try {
      const win = await app.firstWindow();
      expect(win.url()).toMatch(/^app:\/\/recado\//);
      await expect(win.getByRole('button', { name: 'Continuar no modo de avaliação' }).or(win.getByRole('heading', { level: 1, name: 'Início' }))).toBeVisible({ timeout: 30_000 });
      // The renderer reaches the core through the preload bridge only.
      expect(await win.evaluate(() => typeof (window as unknown as { recado?: unknown }).recado)).toBe('object');
      expect(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
      const info = await win.evaluate(async () => (window as unknown as { recado: { invoke: Record<string, (i: unknown) => Promise<{ ok: boolean; result: { mode: string } }>> } }).recado.invoke['app.info'](undefined));
      expect(info).toMatchObject({ ok: true, result: { mode: 'desktop' } });
      expect(fs.existsSync(path.join(dataDir, 'recado.lock'))).toBe(true);
    } finally {
      await app.close();
      // The core released the data folder on the way out.
      expect(fs.existsSync(path.join(dataDir, 'recado.lock'))).toBe(false);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Recado';

/**
 * The per-user data folder, identical to Electron's app.getPath('userData') for productName
 * "Recado", so the desktop app and browser mode share the same data by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.RECADO_DATA_DIR) return path.resolve(env.RECADO_DATA_DIR);
  const home = os.homedir();
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

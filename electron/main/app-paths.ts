import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the bundles sit next to the built main (dist/electron/main.js), inside app.asar when
 * packaged. Kept in one place so tray icons, updater and the like can find theirs too.
 * `rendererOverride` (RECADO_RENDERER_DIR) is for development only: main passes null when
 * packaged, so an environment variable can never swap the UI of an installed app.
 */
export function bundlePaths(mainFileUrl: string, rendererOverride: string | null = null) {
  const dir = path.dirname(fileURLToPath(mainFileUrl));
  return {
    preload: path.join(dir, 'preload.cjs'),
    coreEntry: path.join(dir, 'core.mjs'),
    renderer: rendererOverride ? path.resolve(rendererOverride) : path.join(dir, '..', 'renderer'),
  };
}

export type BundlePaths = ReturnType<typeof bundlePaths>;

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository / app root, whether running from source (tsx) or from dist/. */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIST = process.env.RECADO_RENDERER_DIR
  ? path.resolve(process.env.RECADO_RENDERER_DIR)
  : path.join(PROJECT_ROOT, 'dist', 'renderer');

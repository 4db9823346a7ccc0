import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function readVersion(): string {
  // Bundled builds inject the version; from source, read package.json.
  if (typeof process.env.RECADO_VERSION === 'string' && process.env.RECADO_VERSION) return process.env.RECADO_VERSION;
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

export const APP_VERSION = readVersion();

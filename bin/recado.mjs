#!/usr/bin/env node
// Runs the TypeScript CLI from source through tsx; packaged builds ship a bundled entry instead.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = fileURLToPath(new URL('../dist/cli/recado.mjs', import.meta.url));
if (existsSync(bundled) && !process.env.RECADO_FROM_SOURCE) {
  await import(bundled);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/host/cli-main.ts');
}

#!/usr/bin/env node
// The `recado` command. Runs the bundled JavaScript in dist/cli (scripts/build-cli.mjs): no
// TypeScript is compiled at run time. In a source checkout the bundle is (re)built first when it
// is missing or older than one of its sources (esbuild, about a second), so `npm run cli`,
// `npm run serve` and `npm start` always run the code in the tree. RECADO_FROM_SOURCE=1 runs
// the TypeScript through tsx instead (development only; the end-to-end tests use it).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist', 'cli');
const entry = path.join(dist, 'recado.js');
const builder = path.join(root, 'scripts', 'build-cli.mjs');

/** True when the bundle is missing, or a source it was built from changed since. */
function stale() {
  if (!fs.existsSync(entry)) return true;
  let info;
  try {
    info = JSON.parse(fs.readFileSync(path.join(dist, 'build-info.json'), 'utf8'));
  } catch {
    return fs.existsSync(builder);
  }
  for (const rel of info.inputs ?? []) {
    let mtime;
    try {
      mtime = fs.statSync(path.join(root, rel)).mtimeMs;
    } catch {
      continue; // an installed copy without sources
    }
    if (mtime > info.builtAt) return true;
  }
  return false;
}

if (process.env.RECADO_FROM_SOURCE) {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../electron/host/cli-main.ts');
} else {
  if (stale()) {
    const first = !fs.existsSync(entry);
    try {
      if (first) process.stderr.write('Preparando o Recado para o primeiro uso...\n');
      const { buildCli } = await import(pathToFileURL(builder).href);
      await buildCli({ quiet: true });
    } catch (err) {
      if (!fs.existsSync(entry)) {
        console.error(
          `Não foi possível preparar o Recado (${err instanceof Error ? err.message : err}). Rode "npm install" na pasta do Recado e tente de novo.`,
        );
        process.exit(1);
      }
      // Keep going with the previous build; say so, since the sources are newer.
      console.error(`Aviso: não foi possível atualizar o Recado a partir do código-fonte (${err instanceof Error ? err.message : err}); usando a versão anterior.`);
    }
  }
  await import(pathToFileURL(entry).href);
}

#!/usr/bin/env node
// Bundles the Electron shell with esbuild. Only bundles: it needs no Electron binary.
//   dist/electron/main.js      main process (ESM; package.json "main")
//   dist/electron/preload.cjs  sandboxed preload (CJS, self-contained: sandbox allows few requires)
//   dist/electron/core.mjs     the core's utilityProcess entry (ESM)
//   dist/electron/import-worker.js  the lead-import worker thread, loaded from next to core.mjs
// npm packages stay external in main and core (shipped in node_modules; better-sqlite3 is
// native and rebuilt for Electron by scripts/before-pack.cjs), but for the few
// scripts/esbuild-inline.mjs bundles because they load much faster that way.
// Usage: node scripts/build-electron.mjs [--outdir <dir>] [--sourcemap] [--minify]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlinePackages } from './esbuild-inline.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function parseArgs(argv) {
  const opts = { outdir: path.join(root, 'dist', 'electron'), sourcemap: false, minify: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--outdir') opts.outdir = path.resolve(argv[++i] ?? '');
    else if (arg.startsWith('--outdir=')) opts.outdir = path.resolve(arg.slice('--outdir='.length));
    else if (arg === '--sourcemap') opts.sourcemap = true;
    else if (arg === '--minify') opts.minify = true;
    else throw new Error(`unknown option ${arg}`);
  }
  return opts;
}

/**
 * The API's method names, read from the contract at build time: the preload needs only these
 * strings, and bundling the contract for them brought zod along (500 KB, about 50 ms of parsing
 * on every window load).
 */
async function apiMethodNames() {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ['shared/api/contract.ts'],
    bundle: true,
    write: false,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
  const contract = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].contents).toString('base64')}`);
  if (!Array.isArray(contract.methodNames) || contract.methodNames.length === 0) throw new Error('shared/api/contract.ts exports no methodNames');
  return contract.methodNames;
}

export async function buildElectron({ outdir, sourcemap = false, minify = false }) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const methodNames = await apiMethodNames();
  const common = {
    absWorkingDir: root,
    bundle: true,
    sourcemap: sourcemap ? 'linked' : false,
    minify,
    legalComments: 'none',
    logLevel: 'warning',
    // The core reads its version from here first (electron/core/version.ts).
    define: { 'process.env.RECADO_VERSION': JSON.stringify(pkg.version) },
  };
  // Electron 45 runs Node 22 in main and in utility processes.
  const nodeTarget = 'node22';
  fs.mkdirSync(outdir, { recursive: true });
  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main/main.ts'],
      outfile: path.join(outdir, 'main.js'),
      platform: 'node',
      format: 'esm',
      target: nodeTarget,
      packages: 'external',
      external: ['electron'],
    }),
    build({
      ...common,
      entryPoints: ['electron/preload/preload.ts'],
      outfile: path.join(outdir, 'preload.cjs'),
      // 'browser' makes any accidental Node built-in import fail the build instead of the sandbox.
      platform: 'browser',
      format: 'cjs',
      target: 'chrome130',
      external: ['electron'],
      define: { ...common.define, RECADO_METHOD_NAMES: JSON.stringify(methodNames) },
    }),
    build({
      ...common,
      entryPoints: ['electron/core/process/utility-entry.ts'],
      outfile: path.join(outdir, 'core.mjs'),
      platform: 'node',
      format: 'esm',
      target: nodeTarget,
      packages: 'external',
      external: ['electron'],
      plugins: [inlinePackages],
    }),
    // Lead imports run in a worker thread; spawn.ts loads it from next to core.mjs.
    build({
      ...common,
      entryPoints: ['electron/core/leads/import-worker.ts'],
      outfile: path.join(outdir, 'import-worker.js'),
      platform: 'node',
      format: 'esm',
      target: nodeTarget,
      packages: 'external',
      external: ['electron'],
      plugins: [inlinePackages],
    }),
  ]);
  // main.js is ESM through package.json "type": "module"; say so explicitly for copies of
  // dist/electron that end up outside the package (e.g. a test's temp dir).
  fs.writeFileSync(path.join(outdir, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
  return { outdir, files: ['main.js', 'preload.cjs', 'core.mjs', 'import-worker.js'].map((f) => path.join(outdir, f)) };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const opts = parseArgs(process.argv.slice(2));
  buildElectron(opts).then(
    ({ files }) => {
      for (const f of files) console.log(`built ${path.relative(root, f)} (${Math.round(fs.statSync(f).size / 1024)} KB)`);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

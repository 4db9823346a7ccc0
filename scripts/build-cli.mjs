#!/usr/bin/env node
// Bundles the `recado` command (CLI and browser mode) into plain JavaScript with esbuild, so it
// starts without compiling TypeScript at run time (tsx is only for development).
//   dist/cli/recado.js         entry: arguments, --help, --version (loads no package)
//   dist/cli/cli-commands.js   info, backup, restore, export campaign; loaded when one runs
//   dist/cli/cli-leads.js      import, export contacts
//   dist/cli/serve-commands.js `serve`: the web server only
//   dist/cli/core-worker.js    browser mode's core thread (host/core-worker.ts)
//   dist/cli/import-worker.js  the lead-import worker thread, loaded from next to its caller
//   dist/cli/build-info.json   when it was built and from which files (bin/recado.mjs rebuilds
//                              when one of them is newer)
// Separate bundles with fixed names instead of code splitting: a rebuild replaces each file
// atomically, and a running `recado serve` never finds a hashed chunk gone.
// npm packages stay external (node_modules ships with the app; better-sqlite3 is native), but
// for the few scripts/esbuild-inline.mjs bundles because they load much faster that way.
// Usage: node scripts/build-cli.mjs [--outdir <dir>] [--if-possible] [--quiet]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inlinePackages } from './esbuild-inline.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const CLI_ENTRIES = {
  recado: 'electron/host/cli-main.ts',
  'cli-commands': 'electron/host/cli-commands.ts',
  'cli-leads': 'electron/host/cli-leads.ts',
  'serve-commands': 'electron/host/serve-commands.ts',
  'core-worker': 'electron/host/core-worker.ts',
  'import-worker': 'electron/core/leads/import-worker.ts',
};

export async function buildCli({ outdir = path.join(root, 'dist', 'cli'), quiet = false } = {}) {
  const { build } = await import('esbuild');
  const startedAt = Date.now();
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  const tmp = fs.mkdtempSync(path.join(path.dirname(outdir), '.cli-build-'));
  try {
    const result = await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(Object.entries(CLI_ENTRIES)),
      outdir: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      // package.json "engines": Node 20.19 or newer.
      target: 'node20.19',
      packages: 'external',
      external: ['electron'],
      plugins: [inlinePackages],
      legalComments: 'none',
      logLevel: quiet ? 'error' : 'warning',
      metafile: true,
      // The core reads its version from here first (electron/core/version.ts).
      define: { 'process.env.RECADO_VERSION': JSON.stringify(pkg.version) },
    });
    const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
    inputs.push('package.json', 'scripts/build-cli.mjs', 'scripts/esbuild-inline.mjs');
    fs.writeFileSync(path.join(tmp, 'package.json'), JSON.stringify({ type: 'module' }) + '\n');
    fs.writeFileSync(path.join(tmp, 'build-info.json'), JSON.stringify({ builtAt: startedAt, version: pkg.version, inputs }) + '\n');
    fs.mkdirSync(outdir, { recursive: true });
    // The entry goes last: a process starting mid-rebuild finds either the old or the new set.
    const files = [...Object.keys(CLI_ENTRIES).filter((n) => n !== 'recado').map((n) => `${n}.js`), 'package.json', 'recado.js', 'build-info.json'];
    for (const f of files) fs.renameSync(path.join(tmp, f), path.join(outdir, f));
    return { outdir, files: files.map((f) => path.join(outdir, f)), ms: Date.now() - startedAt };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function esbuildAvailable() {
  try {
    return fs.existsSync(path.join(root, 'node_modules', 'esbuild', 'package.json'));
  } catch {
    return false;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opts = { quiet: args.includes('--quiet') };
  const at = args.indexOf('--outdir');
  if (at >= 0) opts.outdir = path.resolve(args[at + 1] ?? '');
  // `npm install --omit=dev` has no esbuild: skip quietly (the launcher says what to do if needed).
  if (args.includes('--if-possible') && !esbuildAvailable()) process.exit(0);
  buildCli(opts).then(
    ({ files, ms }) => {
      if (!opts.quiet) for (const f of files.filter((x) => x.endsWith('.js'))) console.log(`built ${path.relative(root, f)} (${Math.round(fs.statSync(f).size / 1024)} KB)`);
      if (!opts.quiet) console.log(`in ${ms} ms`);
    },
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}

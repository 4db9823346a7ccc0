import { execFile, fork } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodNames } from '../../../shared/api/contract';

const root = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
// Inside the repo so the bundles' external packages resolve from node_modules, as in the app.
const outdir = path.join(root, 'node_modules', '.cache', `recado-electron-build-test-${process.pid}`);
const dataDirs: string[] = [];

beforeAll(async () => {
  await promisify(execFile)(process.execPath, [path.join(root, 'scripts', 'build-electron.mjs'), '--outdir', outdir], { cwd: root });
}, 60_000);

afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  for (const d of dataDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** Bare package names a bundle imports or requires at runtime. */
function externalPackages(code: string): string[] {
  const names = new Set<string>();
  const patterns = [/^\s*import\s[^;]*?\bfrom\s*["']([^"']+)["']/gm, /^\s*import\s*["']([^"']+)["']/gm, /\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g];
  for (const re of patterns) {
    for (const m of code.matchAll(re)) {
      const spec = m[1];
      if (spec.startsWith('node:') || spec.startsWith('.') || spec.startsWith('/')) continue;
      names.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
    }
  }
  return [...names].sort();
}

describe('scripts/build-electron.mjs', () => {
  it('produces the main, preload, core and import-worker bundles', () => {
    for (const f of ['main.js', 'preload.cjs', 'core.mjs', 'import-worker.js']) expect(fs.statSync(path.join(outdir, f)).size).toBeGreaterThan(1000);
  });

  it('builds a sandbox-safe preload: one file that requires nothing but electron', () => {
    const code = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    expect(externalPackages(code)).toEqual(['electron']);
    expect(code).toContain('exposeInMainWorld');
    expect(code).toContain('rpc:');
  });

  it('gives the preload every API method by name, without the contract and its zod schemas', () => {
    // Every window load evaluates the preload: with the contract bundled it was 500 KB (zod),
    // about 50 ms of parsing for a list of names. Run it as the sandbox would, with a stand-in
    // for electron, and read what it exposes.
    const code = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
    expect(code.length).toBeLessThan(30_000);
    const exposed: Record<string, { invoke: Record<string, unknown> }> = {};
    const channels: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: { invoke: Record<string, unknown> }) => (exposed[key] = api) },
      ipcRenderer: { invoke: (channel: string) => (channels.push(channel), Promise.resolve({ ok: true, result: null })), on() {}, removeListener() {} },
    };
    const module = { exports: {} };
    new Function('require', 'module', 'exports', 'process', code)((id: string) => (id === 'electron' ? electron : undefined), module, module.exports, { platform: 'linux' });
    expect(Object.keys(exposed.recado.invoke).sort()).toEqual([...methodNames].sort());
    void (exposed.recado.invoke['campaigns.start'] as (input: unknown) => Promise<unknown>)({ id: 1 });
    expect(channels).toEqual(['rpc:campaigns.start']);
  });

  it('keeps electron out of the core and ships every package main and core need', () => {
    const main = externalPackages(fs.readFileSync(path.join(outdir, 'main.js'), 'utf8'));
    const core = externalPackages(fs.readFileSync(path.join(outdir, 'core.mjs'), 'utf8'));
    expect(main).toContain('electron');
    expect(core).not.toContain('electron');
    // electron-builder packs only "dependencies": anything else would crash the installed app.
    for (const name of [...main, ...core].filter((n) => n !== 'electron')) expect(Object.keys(pkg.dependencies), name).toContain(name);
  });

  it('runs the built core under Node: init, calls, shutdown', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-built-core-'));
    dataDirs.push(dataDir);
    // Stand-in for Electron's process.parentPort over Node's IPC channel.
    const harness = path.join(outdir, 'harness.mjs');
    fs.writeFileSync(
      harness,
      `process.parentPort = { on: (_e, l) => process.on('message', (data) => l({ data })), postMessage: (m) => process.send(m) };\nawait import('./core.mjs');\n`,
    );
    const child = fork(harness, [], { cwd: outdir, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, RECADO_VERSION: '' } });
    const inbox: Array<Record<string, unknown>> = [];
    const waiters: Array<() => void> = [];
    child.on('message', (m) => {
      inbox.push(m as Record<string, unknown>);
      waiters.splice(0).forEach((w) => w());
    });
    const next = async (type: string) => {
      for (;;) {
        const i = inbox.findIndex((m) => m.type === type);
        if (i >= 0) return inbox.splice(i, 1)[0];
        await new Promise<void>((r) => waiters.push(r));
      }
    };
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

    child.send({ type: 'init', dataDir, secretKey: crypto.randomBytes(32).toString('base64'), secretWarning: null });
    expect(await next('ready')).toEqual({ type: 'ready' });
    child.send({ type: 'call', id: 7, method: 'app.info', input: undefined });
    const reply = await next('reply');
    expect(reply).toMatchObject({ id: 7, reply: { ok: true, result: { mode: 'desktop', version: pkg.version, secretStorage: { kind: 'safe-storage' } } } });

    // A lead import runs in the bundled worker thread loaded from next to core.mjs.
    child.send({
      type: 'call',
      id: 8,
      method: 'leads.import',
      input: { source: { text: 'nome\ttelefone\nAna Souza\t(11) 98765-4321\n' }, mapping: { name: 0, phone: 1, fields: {} }, list: { name: 'Loja' }, consentSource: 'Clientes da loja', onExisting: 'keep' },
    });
    expect(await next('reply')).toMatchObject({ id: 8, reply: { ok: true } });
    for (;;) {
      const event = (await next('event')) as { name: string; payload: { report?: { imported: number }; error?: unknown } };
      if (event.name === 'leads.importFailed') throw new Error(`import failed in the bundled worker: ${JSON.stringify(event.payload.error)}`);
      if (event.name === 'leads.importDone') {
        expect(event.payload.report?.imported).toBe(1);
        break;
      }
    }
    child.send({ type: 'shutdown' });
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'recado.lock'))).toBe(false);
  });
});

// The shipped `recado` command: bundled by scripts/build-cli.mjs, it runs as plain JavaScript
// (no tsx), and its worker threads (the core in browser mode, the lead import) load from the
// bundle too.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectApi } from '../../tests/crash/ws-api';
import { writeLeadsCsv } from '../../tests/fixtures/leads';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
let outdir: string;
let work: string;

function run(args: string[]) {
  // No tsx anywhere: neither a loader flag nor the RECADO_FROM_SOURCE switch.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
  delete env.RECADO_FROM_SOURCE;
  return spawnSync(process.execPath, [path.join(outdir, 'recado.js'), ...args], { cwd: work, env, encoding: 'utf8', timeout: 60_000 });
}

beforeAll(() => {
  // Inside dist/ so the bundle finds node_modules and the project root as an installed copy does.
  fs.mkdirSync(path.join(root, 'dist'), { recursive: true });
  outdir = fs.mkdtempSync(path.join(root, 'dist', 'cli-test-'));
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-cli-build-'));
  const b = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-cli.mjs'), '--outdir', outdir, '--quiet'], { cwd: root, encoding: 'utf8' });
  expect(b.status, b.stderr).toBe(0);
}, 60_000);

afterAll(() => {
  fs.rmSync(outdir, { recursive: true, force: true });
  fs.rmSync(work, { recursive: true, force: true });
});

describe('built CLI', () => {
  it('is plain JavaScript files with a record of the sources they came from', () => {
    const files = fs.readdirSync(outdir).sort();
    expect(files).toEqual(['build-info.json', 'cli-commands.js', 'cli-leads.js', 'core-worker.js', 'import-worker.js', 'package.json', 'recado.js', 'serve-commands.js']);
    const info = JSON.parse(fs.readFileSync(path.join(outdir, 'build-info.json'), 'utf8')) as { builtAt: number; version: string; inputs: string[] };
    expect(info.version).toBe(version);
    expect(info.inputs).toContain('electron/host/cli.ts');
    expect(info.inputs).toContain('electron/core/leads/import.ts');
    expect(info.inputs.every((f) => !f.includes('node_modules'))).toBe(true);
  });

  it('loads WhatsApp, AI, holiday and spreadsheet packages on first use, not at start-up', () => {
    // Statically imported, Baileys, openai and date-holidays held the core's first reply back
    // by about half a second (npm run bench -- startup); lib/lazy-require.ts loads them late.
    // SheetJS cost every thread 30-40 ms, CSV imports included (lib/sheetjs.ts).
    for (const file of ['core-worker.js', 'cli-commands.js', 'cli-leads.js', 'import-worker.js']) {
      const text = fs.readFileSync(path.join(outdir, file), 'utf8');
      const imported = [...text.matchAll(/^import\b[^;]*?from\s*"([^"]+)"/gm)].map((m) => m[1]);
      expect(imported.length, file).toBeGreaterThan(0);
      for (const pkg of ['@whiskeysockets/baileys', 'openai', 'date-holidays', 'xlsx']) expect(imported, `${file} imports ${pkg}`).not.toContain(pkg);
    }
  });

  it("starts an import's threads without the packages they do not use", () => {
    // One bundle runs every thread of an import: the importing thread never parses, and zod
    // (the API contract) has no use in any of them. Each package loaded at start-up cost every
    // thread 10-65 ms on the way to the first row (parse/packages.ts).
    const text = fs.readFileSync(path.join(outdir, 'import-worker.js'), 'utf8');
    const imported = [...text.matchAll(/^import\b[^;]*?from\s*"([^"]+)"/gm)].map((m) => m[1]);
    for (const pkg of ['zod', 'papaparse', 'iconv-lite', 'fflate']) expect(imported, `import-worker.js imports ${pkg}`).not.toContain(pkg);
  });

  it('prints its version', () => {
    const r = run(['--version']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('ends quietly when the reader of its output stops early (recado ... | head)', async () => {
    // 30,000 leads: a JSON report (its rejected rows) far larger than a pipe's buffer, so writing
    // it meets the pipe `head` closed (EPIPE). That used to end in a stack trace and exit code 1.
    const csv = path.join(work, 'leads-30k.csv');
    await writeLeadsCsv(csv, 30_000);
    const err = path.join(work, 'pipe-err.txt');
    const cmd = `"${process.execPath}" "${path.join(outdir, 'recado.js')}" import "${csv}" --list Leads --data-dir "${path.join(work, 'data-pipe')}" --json`;
    const r = spawnSync('bash', ['-c', `${cmd} 2>"${err}" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { cwd: work, env: { ...process.env, NODE_OPTIONS: '' }, encoding: 'utf8', timeout: 60_000 });
    expect(fs.readFileSync(err, 'utf8')).toBe('');
    expect(r.stdout.trim()).toBe('0');
  });

  it('imports a CSV through the import worker and reports it as JSON', () => {
    const csv = path.join(work, 'clientes.csv');
    fs.writeFileSync(csv, 'Nome;Celular;E-mail\nJoão Conceição;(11) 98765-4321;joao@example.com\nAna;21 99876-5432;\nSem telefone;123;\n');
    const dataDir = path.join(work, 'data-import');
    const r = run(['import', csv, '--list', 'Clientes', '--consent', 'Balcão', '--data-dir', dataDir, '--json']);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ok: boolean; report: { imported: number; invalid: number; listName: string } };
    expect(out).toMatchObject({ ok: true, report: { imported: 2, invalid: 1, listName: 'Clientes' } });
    // And the contacts are searchable right away (the import keeps the search index in step).
    const e = run(['export', 'contacts', '--list', 'Clientes', '--out', path.join(work, 'out.csv'), '--data-dir', dataDir, '--json']);
    expect(e.status, e.stderr).toBe(0);
    expect(fs.readFileSync(path.join(work, 'out.csv'), 'utf8')).toContain('João Conceição');
  });

  it('serves browser mode with its core in a worker thread', async () => {
    const dataDir = path.join(work, 'data-serve');
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_OPTIONS: '' };
    delete env.RECADO_FROM_SOURCE;
    const child = spawn(process.execPath, [path.join(outdir, 'recado.js'), 'serve', '--no-build', '--data-dir', dataDir], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL:\n${out}`)), 30_000);
        const check = (d: Buffer) => {
          out += d;
          const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        };
        child.stdout!.on('data', check);
        child.stderr!.on('data', check);
      });
      const api = await connectApi(url);
      const info = await api.call<{ version: string }>('app.info');
      expect(info.version).toBe(version);
      const page = await api.call<{ rows: unknown[]; total: number; totalCapped: boolean }>('contacts.list', { search: 'joao' });
      expect(page).toMatchObject({ rows: [], total: 0, totalCapped: false });

      // Packages the bundle loads on first use (lib/lazy-require.ts) load from it when needed.
      // The holiday calendar: a campaign naming an unknown state for its holidays is refused by name.
      const number = await api.call<{ id: number }>('numbers.addSimulator', {});
      const list = await api.call<{ id: number }>('lists.create', { name: 'Clientes' });
      const created = await api.call<{ id: number; draft: Record<string, unknown> & { schedule: object; messages: { variations: object[] } } }>('campaigns.create', {});
      const draft = {
        ...created.draft,
        name: 'Feriados',
        numberIds: [number.id],
        audience: { ...(created.draft.audience as object), listIds: [list.id] },
        messages: { ...created.draft.messages, variations: [{ ...created.draft.messages.variations[0], text: 'Oi!' }] },
        schedule: { ...created.draft.schedule, skipHolidays: { national: true, state: 'ZZ' } },
      };
      await api.call('campaigns.update', { id: created.id, draft });
      await expect(api.call('campaigns.start', { id: created.id })).rejects.toThrow(/Estado desconhecido para feriados: "ZZ"/);
      // The OpenAI SDK: a local server that is not running is reported as such.
      await api.call('ai.setConfig', { provider: 'ollama', baseURL: 'http://127.0.0.1:9/v1', model: 'llama3' });
      const test = await api.call<{ ok: boolean; error?: { code: string } }>('ai.test');
      expect(test).toMatchObject({ ok: false, error: { code: 'ai.offline' } });
      api.close();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 60_000);
});

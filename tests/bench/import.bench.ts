// Lead import benchmark (`npm run bench -- import`): 1,000,000 generated Brazilian leads
// (tests/fixtures/leads.ts), against the floor, on the disk of os.tmpdir().
//
// The floor: Debian's sqlite3 CLI loading the same file the fastest plain way SQLite offers,
// stage the rows in a TEMP table (`.import`), then `INSERT OR IGNORE ... ORDER BY` the phone into
// a table whose phone column is UNIQUE (sorted keys make the index an append), from process
// start to exit. It parses no phone, dedupes only identical text, keeps no list, consent, search
// index or report: whatever Recado adds is measured against it.
//
// A second baseline, the same-work floor: the same sqlite3 CLI doing the writes Recado's import
// must do for every row, from process start to exit: stage with `.import`, insert the contacts
// (file order, custom fields as JSON), add every contact to a list, build the phone index, all
// in WAL mode with a final checkpoint. It still parses no phone and dedupes nothing, so it is a
// floor, not a replica. It shows what the features themselves cost in SQLite's C, before any
// JavaScript. Then, on that database, the index floor: sqlite3 filling a contentless trigram
// FTS5 index of name, e-mail and phone (detail=none, as migration 0015) in one statement, the
// work a big import leaves to its catch-up (Debian's sqlite3 3.40 has no remove_diacritics for
// trigram, so again a floor).
//
// Measured, each from the start to the end the user waits for:
// - the CLI users run: `recado import FILE --list ... --json` (the built bin/recado.mjs), from
//   process start to exit (start-up, migrations, reading, the merge, the final checkpoint);
// - the app's path: in a process whose database is already open and migrated (as the running
//   app's is), from the request to the data in the database file: preview, the import worker
//   thread, and the WAL checkpoint (child: import-worker-child.ts, bundled here).
// A big import commits its contacts before their search entries (search-backlog.ts): searches
// read those contacts directly until the catch-up, a worker thread started right after the
// import (or at the app's next start after the CLI), has indexed them. The catch-up is timed on
// its own and printed next to each path ("then the index"), and the JSON has both, so the whole
// work stays visible: the ratio is what the user waits for, the sum is what the machine does.
// Peak RSS of each process (from /usr/bin/time, or the child's own getrusage).
// Runs alternate (floor, same-work floor, CLI, worker, the order turning by one each round), each
// after a sync of the disk, and are paired by round; each ratio is the median of the paired ratios.
// Load average is printed per run: on a shared machine, compare runs at rest.
// Also a 200,000-row XLSX through the CLI (BENCH_XLSX_ROWS; 0 skips it), for its peak RSS.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error a plain .mjs build script without types
import { inlinePackages } from '../../scripts/esbuild-inline.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 200_000);
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const RATIO_TARGET = 2;
const RSS_TARGET_MB = 300;
const XLSX_RSS_TARGET_MB = 350;

interface Run {
  seconds: number;
  peakRssMB: number | null;
  imported?: number;
  /** The search index's catch-up after the import, timed on its own. */
  indexSeconds?: number;
  load: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
const load = () => round(os.loadavg()[0]);

/**
 * An empty directory for the next run, with the disk settled: the previous run's hundreds of
 * megabytes of dirty pages are written back (sync) before the clock starts, so no run pays for
 * the writeback of the one before it (the CLI always runs right after the same-work floor).
 */
function fresh(dir: string): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  spawnSync('sync');
  return dir;
}

/** Runs a command to exit: wall seconds from spawn, peak RSS from /usr/bin/time -f %M. */
function timedRun(cmd: string, args: string[]): { seconds: number; peakRssMB: number | null; stdout: string } {
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', 'RSS_KB=%M', cmd, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 })
    : spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const kb = /RSS_KB=(\d+)/.exec(r.stderr)?.[1];
  return { seconds, peakRssMB: kb ? Math.round(Number(kb) / 1024) : null, stdout: r.stdout };
}

/**
 * Runs `lines` as one sqlite3 script on a new database in `dir`, timed from process start to
 * exit; the script's last line prints the rows kept.
 */
function sqliteRun(dir: string, lines: string[], keep = false): Run {
  const db = path.join(keep ? dir : fresh(dir), 'bench.db');
  if (keep) spawnSync('sync');
  const script = path.join(dir, 'bench.sql');
  fs.writeFileSync(script, lines.join('\n') + '\n');
  const r = timedRun('sqlite3', ['-bail', db, `.read ${script}`]);
  return { seconds: r.seconds, peakRssMB: r.peakRssMB, imported: Number(r.stdout.trim().split('\n').pop()), load: load() };
}

function floorRun(dir: string, csv: string): Run {
  return sqliteRun(dir, [
    'CREATE TEMP TABLE stage (nome TEXT, telefone TEXT, email TEXT, cidade TEXT, estado TEXT, produto TEXT, valor TEXT, data TEXT);',
    '.mode csv',
    '.separator ;',
    `.import --skip 1 --schema temp ${csv} stage`,
    'CREATE TABLE leads (nome TEXT, telefone TEXT UNIQUE, email TEXT, cidade TEXT, estado TEXT, produto TEXT, valor TEXT, data TEXT);',
    'INSERT OR IGNORE INTO leads SELECT * FROM temp.stage ORDER BY telefone;',
    'SELECT count(*) FROM leads;',
  ]);
}

function sameWorkRun(dir: string, csv: string): Run {
  return sqliteRun(dir, [
    'PRAGMA journal_mode = WAL;',
    'PRAGMA synchronous = NORMAL;',
    `CREATE TABLE contacts (id INTEGER PRIMARY KEY, phone_key TEXT NOT NULL, kind TEXT NOT NULL, name TEXT, first_name TEXT, email TEXT,
       fields TEXT NOT NULL DEFAULT '{}', status TEXT NOT NULL DEFAULT 'active', consent_source TEXT, consent_at INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);`,
    'CREATE INDEX contacts_id_order ON contacts (id);',
    'CREATE TABLE lists (id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER NOT NULL);',
    'CREATE TABLE contact_lists (list_id INTEGER NOT NULL, contact_id INTEGER NOT NULL, PRIMARY KEY (list_id, contact_id)) WITHOUT ROWID;',
    'CREATE INDEX contact_lists_contact ON contact_lists (contact_id);',
    'CREATE TEMP TABLE stage (nome TEXT, telefone TEXT, email TEXT, cidade TEXT, estado TEXT, produto TEXT, valor TEXT, data TEXT);',
    '.mode csv',
    '.separator ;',
    `.import --skip 1 --schema temp ${csv} stage`,
    'BEGIN IMMEDIATE;',
    "INSERT INTO lists (name, created_at) VALUES ('Bench', 1);",
    `INSERT INTO contacts (phone_key, kind, name, first_name, email, fields, consent_source, consent_at, created_at, updated_at)
       SELECT telefone, 'mobile', nome, nome, email, json_object('cidade', cidade, 'estado', estado, 'produto', produto, 'valor', valor, 'data', data), 'bench', 1, 1, 1 FROM temp.stage;`,
    'INSERT INTO contact_lists (list_id, contact_id) SELECT 1, id FROM contacts;',
    'CREATE INDEX contacts_phone_key ON contacts (phone_key);',
    'COMMIT;',
    'PRAGMA wal_checkpoint(TRUNCATE);',
    'SELECT count(*) FROM contacts;',
  ]);
}

/** On the same-work floor's database: the search index filled in one statement (the catch-up's floor). */
function indexFloorRun(dir: string): Run {
  return sqliteRun(
    dir,
    [
      'PRAGMA journal_mode = WAL;',
      'PRAGMA synchronous = NORMAL;',
      "CREATE VIRTUAL TABLE contacts_fts USING fts5(doc, content = '', tokenize = 'trigram', detail = none, columnsize = 0);",
      'BEGIN IMMEDIATE;',
      "INSERT INTO contacts_fts (contacts_fts, rank) VALUES ('hashsize', 16777216);",
      "INSERT INTO contacts_fts (rowid, doc) SELECT id, coalesce(name, '') || ' ' || coalesce(email, '') || ' ' || substr(phone_key, 2) || '  ' FROM contacts;",
      'COMMIT;',
      'PRAGMA wal_checkpoint(TRUNCATE);',
      'SELECT count(*) FROM contacts;',
    ],
    true,
  );
}

function cliRun(dir: string, file: string, child?: string): Run {
  const dataDir = fresh(dir);
  const r = timedRun(process.execPath, [path.join(ROOT, 'bin', 'recado.mjs'), 'import', file, '--list', 'Bench', '--consent', 'bench', '--data-dir', dataDir, '--json']);
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as { ok: boolean; report?: { imported: number } };
  if (!out.ok) throw new Error(`recado import failed: ${r.stdout.slice(0, 1000)}`);
  const run: Run = { seconds: r.seconds, peakRssMB: r.peakRssMB, imported: out.report!.imported, load: load() };
  // What the app then does at its next start: the search entries the import left behind.
  if (child) run.indexSeconds = childRun(child, [dataDir, '--catch-up-only']).indexSeconds;
  return run;
}

function childRun(child: string, args: string[]): { seconds: number; indexSeconds: number; peakRssMB: number; imported: number } {
  const r = spawnSync(process.execPath, [child, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`worker child failed (${r.status}): ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}');
}

function workerRun(dir: string, file: string, child: string): Run {
  const out = childRun(child, [fresh(dir), file]);
  return { seconds: out.seconds, peakRssMB: out.peakRssMB, imported: out.imported, indexSeconds: out.indexSeconds, load: load() };
}

/** Bundles the worker-path child and the import worker next to it (no tsx at run time). */
async function buildChild(outdir: string): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    absWorkingDir: ROOT,
    entryPoints: { 'import-worker-child': 'tests/bench/import-worker-child.ts', 'import-worker': 'electron/core/leads/import-worker.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    packages: 'external',
    // Bundled as the app bundles it (scripts/esbuild-inline.mjs).
    plugins: [inlinePackages],
    logLevel: 'warning',
  });
  fs.writeFileSync(path.join(outdir, 'package.json'), JSON.stringify({ type: 'module' }));
  return path.join(outdir, 'import-worker-child.js');
}

function describe(label: string, r: Run, floor?: Run): string {
  const ratio = floor ? `, ratio ${(r.seconds / floor.seconds).toFixed(2)}` : '';
  const index = r.indexSeconds !== undefined ? `, then the index ${r.indexSeconds.toFixed(2)} s` : '';
  return `${label.padEnd(10)} ${r.seconds.toFixed(2).padStart(6)} s, peak RSS ${String(r.peakRssMB ?? '?').padStart(4)} MB${r.imported !== undefined ? `, ${r.imported.toLocaleString('en')} rows kept` : ''}${ratio}${index}, load ${r.load}`;
}

async function main(): Promise<void> {
  execFileSync('sqlite3', ['-version'], { stdio: 'pipe' }); // the floor needs Debian's sqlite3 (apt-get install sqlite3)
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-bench-import-'));
  const childDir = path.join(ROOT, 'dist', 'bench');
  try {
    console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs; files in ${work}`);
    const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build-cli failed');
    const child = await buildChild(childDir);
    const { writeLeadsCsv, writeLeadsXlsx } = await import('../fixtures/leads');
    const csv = path.join(work, 'leads.csv');
    await writeLeadsCsv(csv, ROWS);
    console.log(`generated ${ROWS.toLocaleString('en')} rows (${(fs.statSync(csv).size / 1e6).toFixed(1)} MB)`);

    const floors: Run[] = [];
    const sames: Run[] = [];
    const clis: Run[] = [];
    const workers: Run[] = [];
    for (let i = 0; i < REPEAT; i++) {
      // The order turns each round, so no path always runs right after the same other one (the
      // disk and page cache a run leaves are not the same after the floor as after the CLI).
      const runs: Array<() => Run> = [
        () => floorRun(path.join(work, 'floor'), csv),
        () => {
          const r = sameWorkRun(path.join(work, 'same'), csv);
          return { ...r, indexSeconds: indexFloorRun(path.join(work, 'same')).seconds };
        },
        () => cliRun(path.join(work, 'cli'), csv, child),
        () => workerRun(path.join(work, 'worker'), csv, child),
      ];
      const got: Run[] = [];
      for (let k = 0; k < runs.length; k++) {
        const at = (k + i) % runs.length;
        got[at] = runs[at]();
      }
      const [f, sw, c, w] = got;
      floors.push(f);
      sames.push(sw);
      clis.push(c);
      workers.push(w);
      console.log(`round ${i + 1}:`);
      console.log(`  ${describe('floor', f)}`);
      console.log(`  ${describe('same work', sw, f)}`);
      console.log(`  ${describe('CLI', c, f)}`);
      console.log(`  ${describe('worker', w, f)}`);
    }
    fs.rmSync(path.join(work, 'floor'), { recursive: true, force: true });
    fs.rmSync(path.join(work, 'same'), { recursive: true, force: true });
    const sameRatios = sames.map((x, i) => x.seconds / floors[i].seconds);
    const cliSameRatios = clis.map((c, i) => c.seconds / sames[i].seconds);
    const workerSameRatios = workers.map((w, i) => w.seconds / sames[i].seconds);
    const cliRatios = clis.map((c, i) => c.seconds / floors[i].seconds);
    const workerRatios = workers.map((w, i) => w.seconds / floors[i].seconds);
    const cliRss = Math.max(...clis.map((c) => c.peakRssMB ?? 0));
    const workerRss = Math.max(...workers.map((w) => w.peakRssMB ?? 0));
    const span = (xs: number[]) => `${median(xs).toFixed(2)} (min ${Math.min(...xs).toFixed(2)}, max ${Math.max(...xs).toFixed(2)})`;
    console.log(`floor median ${median(floors.map((f) => f.seconds)).toFixed(2)} s; same-work floor median ${median(sames.map((x) => x.seconds)).toFixed(2)} s, ${span(sameRatios)} × the floor`);
    console.log(`CLI:    median ${median(clis.map((c) => c.seconds)).toFixed(2)} s, paired ratio ${span(cliRatios)}, peak RSS ${cliRss} MB`);
    console.log(`worker: median ${median(workers.map((w) => w.seconds)).toFixed(2)} s, paired ratio ${span(workerRatios)}, peak RSS ${workerRss} MB`);
    console.log(`against the same-work floor: CLI ${span(cliSameRatios)}, worker ${span(workerSameRatios)}`);
    const indexOf = (xs: Run[]) => median(xs.map((x) => x.indexSeconds ?? 0));
    const withIndex = (xs: Run[]) => xs.map((x, i) => (x.seconds + (x.indexSeconds ?? 0)) / floors[i].seconds);
    const catchUpRatios = (xs: Run[]) => xs.map((x, i) => (x.indexSeconds ?? 0) / (sames[i].indexSeconds ?? 1));
    console.log(
      `search index afterwards: index floor median ${indexOf(sames).toFixed(2)} s; catch-up CLI (at the app's next start) ${indexOf(clis).toFixed(2)} s, worker ${indexOf(workers).toFixed(2)} s, ${span(catchUpRatios(workers))} × the index floor (worker)`,
    );
    console.log(`import plus catch-up vs the floor: CLI ${span(withIndex(clis))}, worker ${span(withIndex(workers))}; same-work plus index floor ${span(withIndex(sames))}`);

    let xlsx: Run | null = null;
    if (XLSX_ROWS > 0) {
      const file = path.join(work, 'leads.xlsx');
      await writeLeadsXlsx(file, XLSX_ROWS);
      xlsx = cliRun(path.join(work, 'xlsx'), file);
      console.log(`XLSX ${XLSX_ROWS.toLocaleString('en')} rows via the CLI: ${describe('', xlsx).trim()} (target ≤ ${XLSX_RSS_TARGET_MB} MB)`);
    }

    const cliRatio = median(cliRatios);
    const workerRatio = median(workerRatios);
    console.log(
      JSON.stringify({
        bench: 'import',
        rows: ROWS,
        rounds: REPEAT,
        floorSeconds: round(median(floors.map((f) => f.seconds))),
        sameWorkSeconds: round(median(sames.map((x) => x.seconds))),
        sameWorkRatio: round(median(sameRatios)),
        cliSameWorkRatio: round(median(cliSameRatios)),
        workerSameWorkRatio: round(median(workerSameRatios)),
        cliSeconds: round(median(clis.map((c) => c.seconds))),
        cliRatio: round(cliRatio),
        cliRatioMin: round(Math.min(...cliRatios)),
        cliRatioMax: round(Math.max(...cliRatios)),
        cliPeakRssMB: cliRss,
        workerSeconds: round(median(workers.map((w) => w.seconds))),
        workerRatio: round(workerRatio),
        workerRatioMin: round(Math.min(...workerRatios)),
        workerRatioMax: round(Math.max(...workerRatios)),
        workerPeakRssMB: workerRss,
        indexFloorSeconds: round(median(sames.map((x) => x.indexSeconds ?? 0))),
        catchUpIndexFloorRatio: round(median(catchUpRatios(workers))),
        cliIndexSeconds: round(median(clis.map((c) => c.indexSeconds ?? 0))),
        workerIndexSeconds: round(median(workers.map((w) => w.indexSeconds ?? 0))),
        cliWithIndexRatio: round(median(clis.map((c, i) => (c.seconds + (c.indexSeconds ?? 0)) / floors[i].seconds))),
        workerWithIndexRatio: round(median(workers.map((w, i) => (w.seconds + (w.indexSeconds ?? 0)) / floors[i].seconds))),
        xlsxRows: xlsx ? XLSX_ROWS : 0,
        xlsxSeconds: xlsx ? round(xlsx.seconds) : null,
        xlsxPeakRssMB: xlsx?.peakRssMB ?? null,
        loadAverages: floors.map((f, i) => [f.load, sames[i].load, clis[i].load, workers[i].load]),
        pass: cliRatio <= RATIO_TARGET && workerRatio <= RATIO_TARGET && cliRss <= RSS_TARGET_MB && workerRss <= RSS_TARGET_MB && (!xlsx || (xlsx.peakRssMB ?? 0) <= XLSX_RSS_TARGET_MB),
      }),
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

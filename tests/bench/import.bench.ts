// Lead import benchmark: 1,000,000-row CSV against Debian's sqlite3 `.import`, and a
// 100,000-row XLSX. Run: npx tsx tests/bench/import.bench.ts
// Each measured import runs in a child process so its peak RSS is its own.
import { spawnSync, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.BENCH_XLSX_ROWS ?? 100_000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
const self = fileURLToPath(import.meta.url);

interface ChildResult {
  seconds: number;
  /** user + system CPU of the whole process (all threads) during the import. */
  cpuSeconds: number;
  peakRssMB: number;
  imported: number;
  rowsRead: number;
  invalid: number;
  duplicates: number;
}

async function child(dbFile: string, input: string): Promise<void> {
  const { default: Database } = await import('better-sqlite3');
  const { migration0002 } = await import('../../electron/core/db/migrations/0002_contacts');
  const { migration0009 } = await import('../../electron/core/db/migrations/0009_contact_totals');
  const { migration0010 } = await import('../../electron/core/db/migrations/0010_contact_search');
  const { previewFile } = await import('../../electron/core/leads/parse/preview');
  const { runImportInWorker } = await import('../../electron/core/leads/worker');
  const db = new Database(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.transaction(() => {
    migration0002.up(db);
    migration0009.up(db);
    migration0010.up(db);
  })();
  db.close();
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const preview = await previewFile(input);
  const m = preview.suggestedMapping;
  if (m.phone === undefined) throw new Error('no phone column found');
  const report = await runImportInWorker(
    dbFile,
    { path: input },
    {
      headerRow: preview.headerRow,
      sheet: preview.sheet,
      mapping: { phone: m.phone, name: m.name, email: m.email, fields: m.fields },
      list: { name: 'Bench' },
      consentSource: 'bench',
      onExisting: 'update',
    },
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const out: ChildResult = {
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    imported: report.imported,
    rowsRead: report.rowsRead,
    invalid: report.invalid,
    duplicates: report.duplicates,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

function runChild(dbFile: string, input: string): ChildResult {
  for (const f of [dbFile, dbFile + '-wal', dbFile + '-shm']) fs.rmSync(f, { force: true });
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', dbFile, input], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`child failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const last = r.stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(last) as ChildResult;
}

function hasSqlite(): boolean {
  try {
    execFileSync('sqlite3', ['-version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

/** Wall and CPU seconds of the sqlite3 CLI importing the CSV into a table with a UNIQUE phone. */
function sqliteImport(dir: string, csv: string): { seconds: number; cpuSeconds: number | null } {
  const db = path.join(dir, 'baseline.db');
  fs.rmSync(db, { force: true });
  const script = [
    'CREATE TABLE leads (nome TEXT, telefone TEXT UNIQUE, email TEXT, cidade TEXT, estado TEXT, produto TEXT, valor TEXT, data TEXT);',
    '.mode csv',
    '.separator ;',
    `.import --skip 1 ${csv} leads`,
  ].join('\n');
  const scriptFile = path.join(dir, 'baseline.sql');
  fs.writeFileSync(scriptFile, script);
  // `times` reports the CPU of the shell's children: the sqlite3 process.
  const t0 = performance.now();
  // Rows repeating a phone fail the UNIQUE constraint; the CLI reports them on stderr.
  const r = spawnSync('sh', ['-c', 'sqlite3 "$1" < "$2" 2>/dev/null; times', 'sh', db, scriptFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`sqlite3 failed: ${r.stderr.slice(0, 500)}`);
  const lines = r.stdout.trim().split('\n');
  const child = (lines[lines.length - 1] ?? '').match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  const cpuSeconds = child ? Number(child[1]) * 60 + Number(child[2]) + Number(child[3]) * 60 + Number(child[4]) : null;
  return { seconds, cpuSeconds };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-bench-'));
  try {
    const { writeLeadsCsv, writeLeadsXlsx } = await import('../fixtures/leads');
    const csv = path.join(dir, 'leads.csv');
    let t = performance.now();
    await writeLeadsCsv(csv, ROWS);
    console.log(`generated ${ROWS.toLocaleString('en')} rows CSV (${(fs.statSync(csv).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    const sqliteOk = hasSqlite();
    if (!sqliteOk) console.log('sqlite3 CLI not found (apt-get install sqlite3): baseline skipped');
    // Alternate the runs and keep the best of each: the machine is shared, and noise only adds.
    const sqliteTimes: number[] = [];
    const sqliteCpu: number[] = [];
    const ours: ChildResult[] = [];
    for (let i = 0; i < REPEAT; i++) {
      if (sqliteOk) {
        const b = sqliteImport(dir, csv);
        sqliteTimes.push(b.seconds);
        if (b.cpuSeconds !== null) sqliteCpu.push(b.cpuSeconds);
        console.log(`sqlite3 .import run ${i + 1}: ${b.seconds.toFixed(2)} s (CPU ${b.cpuSeconds?.toFixed(2) ?? '?'} s)`);
      }
      const r = runChild(path.join(dir, 'ours.db'), csv);
      ours.push(r);
      console.log(`recado import run ${i + 1}: ${r.seconds.toFixed(2)} s (CPU ${r.cpuSeconds.toFixed(2)} s), peak RSS ${r.peakRssMB} MB, ${r.imported} imported, ${r.duplicates} duplicates, ${r.invalid} invalid of ${r.rowsRead}`);
    }
    const oursSeconds = Math.min(...ours.map((r) => r.seconds));
    const peakRssMB = Math.max(...ours.map((r) => r.peakRssMB));
    const sqliteSeconds = sqliteOk ? Math.min(...sqliteTimes) : null;
    const ratio = sqliteSeconds ? oursSeconds / sqliteSeconds : null;
    // On a shared machine wall time follows the load; CPU time is the steadier comparison.
    const oursCpu = Math.min(...ours.map((r) => r.cpuSeconds));
    const sqliteCpuSeconds = sqliteCpu.length ? Math.min(...sqliteCpu) : null;
    const cpuRatio = sqliteCpuSeconds ? oursCpu / sqliteCpuSeconds : null;
    console.log(`best of ${REPEAT}: ours ${oursSeconds.toFixed(2)} s, sqlite3 ${sqliteSeconds?.toFixed(2) ?? '-'} s, ratio ${ratio?.toFixed(2) ?? '-'}; CPU ours ${oursCpu.toFixed(2)} s, sqlite3 ${sqliteCpuSeconds?.toFixed(2) ?? '-'} s, CPU ratio ${cpuRatio?.toFixed(2) ?? '-'}; load average ${os.loadavg()[0].toFixed(1)}`);

    const xlsx = path.join(dir, 'leads.xlsx');
    t = performance.now();
    await writeLeadsXlsx(xlsx, XLSX_ROWS);
    console.log(`generated ${XLSX_ROWS.toLocaleString('en')} rows XLSX (${(fs.statSync(xlsx).size / 1e6).toFixed(1)} MB) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    const xr = runChild(path.join(dir, 'xlsx.db'), xlsx);
    console.log(`recado XLSX import: ${xr.seconds.toFixed(2)} s, peak RSS ${xr.peakRssMB} MB, ${xr.imported} imported of ${xr.rowsRead}`);

    const pass = ratio !== null && ratio <= 2 && peakRssMB <= 300;
    console.log(
      JSON.stringify({
        bench: 'import',
        rows: ROWS,
        oursSeconds: round(oursSeconds),
        sqliteSeconds: sqliteSeconds === null ? null : round(sqliteSeconds),
        ratio: ratio === null ? null : round(ratio),
        peakRssMB,
        xlsxRows: XLSX_ROWS,
        xlsxSeconds: round(xr.seconds),
        xlsxPeakRssMB: xr.peakRssMB,
        oursCpuSeconds: round(oursCpu),
        sqliteCpuSeconds: sqliteCpuSeconds === null ? null : round(sqliteCpuSeconds),
        cpuRatio: cpuRatio === null ? null : round(cpuRatio),
        loadAverage: round(os.loadavg()[0]),
        pass,
      }),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}

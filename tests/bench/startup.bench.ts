// Start-up of the shipped `recado` command, from process start, against bare Node doing the least
// the same job needs (the floor of any Node program):
// - `recado --version` (built CLI) against `node -e "console.log(version)"`;
// - `recado serve`: process start to the first byte of the page (the URL's token redirect, then
//   the page with the session cookie), against a bare node:http server that prints the same kind
//   of URL and answers the same two requests with the same index.html. Also printed: process
//   start to the first API reply over the WebSocket (the core opens the database in its thread).
// Runs alternate (floor, ours) and are paired; the ratio is the median of the paired ratios.
// Warm runs (files in the OS cache). Run: npm run bench -- startup
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectApiWithCookie } from '../crash/ws-api';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const SERVE_ROUNDS = Number(process.env.BENCH_SERVE_ROUNDS ?? 5);
const BIN = path.join(ROOT, 'bin', 'recado.mjs');
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const round = (n: number, d = 3) => Math.round(n * 10 ** d) / 10 ** d;
const load = () => round(os.loadavg()[0], 2);

/** Wall seconds from spawn to exit, and peak RSS (MB) when /usr/bin/time is there. */
function timed(cmd: string, args: string[]): { seconds: number; rssMB: number | null } {
  const t0 = performance.now();
  const r = TIME ? spawnSync(TIME, ['-f', '%M', cmd, ...args], { encoding: 'utf8', cwd: ROOT }) : spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT });
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  if (!r.stdout.includes(VERSION)) throw new Error(`unexpected output: ${r.stdout}`);
  const kb = TIME ? Number(r.stderr.trim().split('\n').pop()) : NaN;
  return { seconds, rssMB: Number.isFinite(kb) ? Math.round(kb / 1024) : null };
}

const FLOOR_SERVER = `
const http = require('node:http'); const fs = require('node:fs'); const crypto = require('node:crypto');
const token = crypto.randomBytes(16).toString('base64url'); const session = crypto.randomBytes(16).toString('base64url');
const server = http.createServer((req, res) => {
  if (req.url.includes('token=')) { res.writeHead(302, { Location: '/', 'Set-Cookie': 's=' + session + '; HttpOnly' }); return res.end(); }
  res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }); res.end(fs.readFileSync(process.argv[1]));
});
server.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + server.address().port + '/?token=' + token));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

interface ServeRun {
  firstByte: number;
  apiReady: number | null;
}

function get(url: string, headers: Record<string, string> = {}): Promise<{ res: http.IncomingMessage; at: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers }, (res) => {
      res.once('data', () => {});
      resolve({ res, at: performance.now() });
      res.resume();
    });
    req.on('error', reject);
  });
}

/** Spawns a server, waits for its URL, then times the page's first byte (and the API's first reply). */
async function serveOnce(args: string[], withApi: boolean): Promise<ServeRun> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-bench-start-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, args.map((a) => a.replace('$DATA', dataDir)), { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL in 60 s:\n${out}`)), 60_000);
      child.stdout!.on('data', (d) => {
        out += d;
        const m = out.match(/http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/);
        if (m) {
          clearTimeout(timer);
          resolve(m[0]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}:\n${out}`)));
    });
    const first = await get(url);
    const cookie = String(first.res.headers['set-cookie']?.[0] ?? '').split(';')[0];
    const origin = new URL(url).origin;
    const page = await get(`${origin}/`, { cookie });
    if (page.res.statusCode !== 200) throw new Error(`page answered ${page.res.statusCode}`);
    let apiReady: number | null = null;
    if (withApi) {
      const api = await connectApiWithCookie(origin, cookie);
      await api.call('app.info');
      apiReady = (performance.now() - t0) / 1000;
      api.close();
    }
    return { firstByte: (page.at - t0) / 1000, apiReady };
  } finally {
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} on ${os.cpus().length} CPUs`);
  // The launcher rebuilds dist/cli when a source is newer; do it before timing anything.
  const b = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs'), '--quiet'], { cwd: ROOT, stdio: 'inherit' });
  if (b.status !== 0) throw new Error('build-cli failed');
  const index = path.join(ROOT, 'dist', 'renderer', 'index.html');
  if (!fs.existsSync(index)) throw new Error('dist/renderer is missing: run "npm run build:renderer" first');
  timed(process.execPath, [BIN, '--version']); // warm-up

  const floorV: number[] = [];
  const oursV: number[] = [];
  const ratiosV: number[] = [];
  let rssV = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const f = timed(process.execPath, ['-e', `console.log(${JSON.stringify(VERSION)})`]);
    const o = timed(process.execPath, [BIN, '--version']);
    floorV.push(f.seconds);
    oursV.push(o.seconds);
    ratiosV.push(o.seconds / f.seconds);
    rssV = Math.max(rssV, o.rssMB ?? 0);
    console.log(`--version run ${i + 1}: bare node ${f.seconds.toFixed(3)} s, recado ${o.seconds.toFixed(3)} s (${o.rssMB ?? '?'} MB), ratio ${(o.seconds / f.seconds).toFixed(2)}, load ${load()}`);
  }

  await serveOnce([BIN, 'serve', '--no-build', '--data-dir', '$DATA'], false); // warm-up
  const floorS: number[] = [];
  const oursS: number[] = [];
  const apiS: number[] = [];
  const ratiosS: number[] = [];
  for (let i = 0; i < SERVE_ROUNDS; i++) {
    const f = await serveOnce(['-e', FLOOR_SERVER, index], false);
    const o = await serveOnce([BIN, 'serve', '--no-build', '--data-dir', '$DATA'], true);
    floorS.push(f.firstByte);
    oursS.push(o.firstByte);
    apiS.push(o.apiReady!);
    ratiosS.push(o.firstByte / f.firstByte);
    console.log(
      `serve run ${i + 1}: bare node:http ${f.firstByte.toFixed(3)} s, recado ${o.firstByte.toFixed(3)} s to the page's first byte (ratio ${(o.firstByte / f.firstByte).toFixed(2)}), ${o.apiReady!.toFixed(3)} s to the first API reply, load ${load()}`,
    );
  }

  const versionSeconds = median(oursV);
  const ttfbSeconds = median(oursS);
  console.log(`--version: median ${versionSeconds.toFixed(3)} s (bare node ${median(floorV).toFixed(3)} s), median paired ratio ${median(ratiosV).toFixed(2)}, peak RSS ${rssV} MB`);
  console.log(
    `serve: median first byte ${ttfbSeconds.toFixed(3)} s (bare node:http ${median(floorS).toFixed(3)} s), median paired ratio ${median(ratiosS).toFixed(2)}; first API reply ${median(apiS).toFixed(3)} s`,
  );
  console.log(
    JSON.stringify({
      bench: 'startup',
      rounds: ROUNDS,
      serveRounds: SERVE_ROUNDS,
      versionSeconds: round(versionSeconds),
      versionFloorSeconds: round(median(floorV)),
      versionRatio: round(median(ratiosV), 2),
      versionPeakRssMB: rssV,
      ttfbSeconds: round(ttfbSeconds),
      ttfbFloorSeconds: round(median(floorS)),
      ttfbRatio: round(median(ratiosS), 2),
      apiReadySeconds: round(median(apiS)),
      loadAverage: load(),
      // The first API reply is when the window stops showing its loading state: our own target.
      pass: versionSeconds <= 0.3 && ttfbSeconds <= 1 && median(apiS) <= 1,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

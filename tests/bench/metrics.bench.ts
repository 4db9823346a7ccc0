// Live results benchmark (`npm run bench -- metrics`).
// With 1,000,000 contacts and 1,000,000 deliveries (10 campaigns, 3 numbers, 30 days of history,
// replies and deals) in a temp database, times the Início dashboard and a campaign detail's
// queries (target: each < 20 ms) against a single indexed primary-key lookup measured in the
// same run, and reports the ratios. The dashboard is also timed right after another connection
// (as the import worker does) changed contacts, which empties this connection's page cache: the
// contact total comes from a kept row (migration 0009), not a walk over 1M index entries. The data is generated in SQL (recursive CTEs, one
// transaction); the triggers of migration 0008 fill the hourly counters as rows arrive, and the
// engine's own counters (kept by its delivery store in JS) are built with the same GROUP BYs the
// property tests check them against.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_FILE, openDatabaseFile, openStore } from '../../electron/core/db/open';
import { CampaignResultsReader } from '../../electron/core/results/campaign-results';
import { DashboardReader } from '../../electron/core/results/dashboard';
import { TimelineReader } from '../../electron/core/results/timeline';
import { listReplies } from '../../electron/core/results/replies';
import { DealsStore } from '../../electron/core/results/deals';
import { defaultCampaignDraft } from '../../shared/campaigns/schema';

const N = Number(process.env.METRICS_BENCH_ROWS ?? 1_000_000);
const CAMPAIGNS = 10;
const NUMBERS = 3;
const DAYS = 30;
const TZ = 'America/Sao_Paulo';
const HOUR = 3_600_000;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-bench-metrics-'));
const { db } = openStore(dir);
const now = Date.now();
const start = now - DAYS * 24 * HOUR;

function ms(t0: bigint): number {
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

// ---------------------------------------------------------------- data
const tGen = process.hrtime.bigint();
db.transaction(() => {
  const draft = { ...defaultCampaignDraft(TZ), numberIds: [1, 2, 3], schedule: { ...defaultCampaignDraft(TZ).schedule, days: [0, 1, 2, 3, 4, 5, 6] } };
  for (let n = 1; n <= NUMBERS; n++) {
    db.prepare(`INSERT INTO numbers (kind, label, status, config, created_at, updated_at) VALUES (?, ?, 'connected', '{"dailyCap":500}', ?, ?)`).run(n === 1 ? 'simulator' : 'whatsapp', `Número ${n}`, now, now);
  }
  for (let c = 1; c <= CAMPAIGNS; c++) {
    db.prepare(`INSERT INTO campaigns (name, status, draft, seed, created_at, updated_at, started_at) VALUES (?, ?, ?, 's', ?, ?, ?)`).run(
      `Campanha ${c}`,
      c === 1 ? 'running' : 'finished',
      JSON.stringify({ ...draft, name: `Campanha ${c}` }),
      start,
      now,
      start,
    );
  }
  db.prepare(`INSERT INTO lists (name, created_at) VALUES ('Todos', ?)`).run(now);
  db.exec(`
    WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${N})
    INSERT INTO contacts (id, phone_key, name, first_name, status, created_at, updated_at)
    SELECT i, '+55119' || (10000000 + i), 'Cliente ' || i, 'Cliente', CASE WHEN i % 50 = 0 THEN 'opted_out' ELSE 'active' END, ${start}, ${start} FROM s;
  `);
  // One delivery per contact; the state mix of a real campaign; times spread over 30 days.
  db.exec(`
    WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ${N}),
    r AS (SELECT i, i % 100 AS p, ${start} + (i * 7919 % ${DAYS * 24 * 3600}) * 1000 AS t FROM s)
    INSERT INTO deliveries (id, campaign_id, contact_id, state, attempts, message_id, number_id, variation, text, sent_at, delivered_at, read_at, replied_at, failed_at, last_attempt_at, error_code, created_at, updated_at)
    SELECT i, 1 + i % ${CAMPAIGNS}, i,
      CASE WHEN p < 40 THEN 'read' WHEN p < 60 THEN 'delivered' WHEN p < 70 THEN 'sent' WHEN p < 78 THEN 'failed' WHEN p < 82 THEN 'invalid' WHEN p < 87 THEN 'skipped' WHEN p < 88 THEN 'uncertain' ELSE 'queued' END,
      CASE WHEN p < 88 THEN 1 ELSE 0 END,
      CASE WHEN p < 82 THEN 'M' || i END,
      CASE WHEN p < 82 THEN 1 + i % ${NUMBERS} END,
      CASE WHEN p < 82 THEN i % 3 END,
      CASE WHEN p < 82 THEN 'Oi Cliente, temos novidades!' END,
      CASE WHEN p < 70 THEN t END,
      CASE WHEN p < 60 THEN t + 30000 END,
      CASE WHEN p < 40 THEN t + 600000 END,
      CASE WHEN p < 15 THEN t + 900000 END,
      CASE WHEN p >= 70 AND p < 78 THEN t END,
      CASE WHEN p < 88 THEN t END,
      CASE WHEN p >= 70 AND p < 82 THEN 'SEND_FAILED' END,
      ${start}, ${now}
    FROM r;
  `);
  // Counters the engine keeps in JS, built as GROUP BYs (what the property tests assert they equal).
  db.exec(`
    INSERT INTO campaign_counters (campaign_id, total, queued, sending, sent, delivered, "read", failed, invalid, skipped, uncertain, replied)
    SELECT campaign_id, count(*), sum(state = 'queued'), sum(state = 'sending'), sum(state = 'sent'), sum(state = 'delivered'), sum(state = 'read'),
           sum(state = 'failed'), sum(state = 'invalid'), sum(state = 'skipped'), sum(state = 'uncertain'), sum(replied_at IS NOT NULL)
    FROM deliveries GROUP BY campaign_id;
    INSERT INTO variation_counters (campaign_id, variation, queued, sending, sent, delivered, "read", failed, invalid, skipped, uncertain, replied)
    SELECT campaign_id, variation, sum(state = 'queued'), sum(state = 'sending'), sum(state = 'sent'), sum(state = 'delivered'), sum(state = 'read'),
           sum(state = 'failed'), sum(state = 'invalid'), sum(state = 'skipped'), sum(state = 'uncertain'), sum(replied_at IS NOT NULL)
    FROM deliveries WHERE variation IS NOT NULL GROUP BY campaign_id, variation;
    INSERT INTO number_daily_counters (number_id, day, attempts, sent, failed)
    SELECT number_id, date((last_attempt_at - 3 * ${HOUR}) / 1000, 'unixepoch'), count(*), sum(sent_at IS NOT NULL), sum(state = 'failed')
    FROM deliveries WHERE number_id IS NOT NULL GROUP BY 1, 2;
    INSERT INTO inbound_messages (number_id, contact_id, delivery_id, campaign_id, from_e164, jid, text, opt_out, at, created_at)
    SELECT number_id, contact_id, id, campaign_id, '+55119' || (10000000 + contact_id), contact_id || '@s.whatsapp.net', 'Quero saber mais', 0, replied_at, replied_at
    FROM deliveries WHERE replied_at IS NOT NULL;
  `);
})();
const deals = new DealsStore(db);
db.transaction(() => {
  for (let i = 0; i < 2000; i++) deals.add({ campaignId: 1 + (i % CAMPAIGNS) });
})();
db.pragma('optimize');
const genMs = ms(tGen);
const counts = db.prepare(`SELECT (SELECT count(*) FROM contacts) AS contacts, (SELECT count(*) FROM deliveries) AS deliveries, (SELECT count(*) FROM inbound_messages) AS inbound, (SELECT count(*) FROM hourly_counters) AS hourly`).get() as Record<string, number>;
console.log(`data: ${counts.contacts.toLocaleString('en')} contacts, ${counts.deliveries.toLocaleString('en')} deliveries, ${counts.inbound.toLocaleString('en')} replies, ${counts.hourly.toLocaleString('en')} hourly cells; generated in ${(genMs / 1000).toFixed(1)} s (${dir})`);

// ---------------------------------------------------------------- timing
function measure(fn: (i: number) => unknown, runs: number, before?: (i: number) => void): { median: number; p95: number } {
  for (let i = 0; i < Math.min(20, runs); i++) fn(i); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    before?.(i);
    const t0 = process.hrtime.bigint();
    fn(i);
    times.push(ms(t0));
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)] };
}

const pk = db.prepare('SELECT * FROM contacts WHERE id = ?');
const pkLookup = measure((i) => pk.get(1 + ((i * 104729) % N)), 20_000);

const dashboard = new DashboardReader(db);
const other = openDatabaseFile(path.join(dir, DATABASE_FILE));
const campaign = new CampaignResultsReader(db);
const timeline = new TimelineReader(db);
const opts = { now: Date.now(), timeZone: TZ };
const figures = {
  'dashboard (hoje)': measure(() => dashboard.read({ range: 'today' }, opts), 200),
  'dashboard (7 dias)': measure(() => dashboard.read({ range: '7d' }, opts), 200),
  'dashboard (30 dias)': measure(() => dashboard.read({ range: '30d' }, opts), 200),
  // Right after another connection (the import worker) added a contact: SQLite drops this
  // connection's page cache, so every page the read needs comes from the OS again.
  'dashboard (30 dias, after another connection added a contact)': measure(
    () => dashboard.read({ range: '30d' }, opts),
    50,
    (i) => other.prepare('INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(`+55219${String(90000000 + i)}`, 'Novo', now, now),
  ),
  'campaign detail (metrics, variations, deals, ETA)': measure((i) => campaign.read(1 + (i % CAMPAIGNS)), 500),
  'campaign timeline (30 days, hourly cells → days)': measure((i) => timeline.read({ campaignId: 1 + (i % CAMPAIGNS), from: start, to: now, timeZone: TZ }), 500),
  'replies inbox (first page of 25)': measure(() => listReplies(db, { limit: 25 }), 50),
};

console.log(`primary-key lookup: ${(pkLookup.median * 1000).toFixed(1)} µs (median)`);
const rows: Record<string, { medianMs: number; p95Ms: number; ratioToPk: number }> = {};
for (const [name, f] of Object.entries(figures)) {
  rows[name] = { medianMs: f.median, p95Ms: f.p95, ratioToPk: f.median / pkLookup.median };
  console.log(`${name.padEnd(52)} median ${f.median.toFixed(3).padStart(8)} ms  p95 ${f.p95.toFixed(3).padStart(8)} ms  ${Math.round(f.median / pkLookup.median).toLocaleString('en').padStart(7)}× a PK lookup`);
}
const dashboardMs = Math.max(figures['dashboard (hoje)'].median, figures['dashboard (7 dias)'].median, figures['dashboard (30 dias)'].median);
const dashboardColdMs = figures['dashboard (30 dias, after another connection added a contact)'].median;
const afterChange = dashboard.read({ range: '30d' }, opts).contacts.total;
const counted = db.prepare('SELECT count(*) AS n FROM contacts').get() as { n: number };
if (afterChange !== counted.n) throw new Error(`dashboard shows ${afterChange} contacts, the table has ${counted.n}`);
const detailMs = figures['campaign detail (metrics, variations, deals, ETA)'].median;
const pass = dashboardMs < 20 && dashboardColdMs < 20 && detailMs < 20;
console.log(`targets: dashboard ${dashboardMs.toFixed(2)} ms (${dashboardColdMs.toFixed(2)} ms right after another connection changed contacts), campaign detail ${detailMs.toFixed(2)} ms (each < 20 ms): ${pass ? 'PASS' : 'FAIL'}`);

other.close();
db.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify({
    bench: 'metrics',
    contacts: counts.contacts,
    deliveries: counts.deliveries,
    generationMs: Math.round(genMs),
    pkLookupUs: pkLookup.median * 1000,
    dashboardMs,
    dashboardAfterContactsChangeMs: dashboardColdMs,
    campaignDetailMs: detailMs,
    dashboardRatioToPk: dashboardMs / pkLookup.median,
    campaignDetailRatioToPk: detailMs / pkLookup.median,
    figures: rows,
    pass,
  }),
);
process.exit(pass ? 0 : 1);

/**
 * Crash safety of the campaign engine, end to end: real browser-mode hosts run Simulator
 * campaigns and are killed with SIGKILL at random moments, restored from a backup taken
 * mid-campaign, or lose a number mid-campaign; then restarted on the same data dir.
 *
 * Ground truth comes from the Simulator:
 * - its fsynced ledger says what "went out" (one entry per accepted message);
 * - its call trace (`traceCalls`) says which messages were handed to the channel at all.
 * The send journal is read only to check that every uncertain delivery had been journalled.
 * Duplicates are counted per campaign + contact: the same person may rightly get one message
 * from each of two campaigns.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { DATABASE_FILE, openStore } from '../../electron/core/db/open';
import { hashText, readLedger } from '../../electron/core/channels/simulator';
import { simulatorLedgerFor } from '../../electron/core/numbers/channel-registry';
import { fastDraft, insertCampaign, insertNumber, seedContacts } from '../../electron/core/campaigns/engine/testing/fixtures';
import { parseJournal } from '../../electron/core/campaigns/journal/format';
import { journalDir } from '../../electron/core/campaigns/journal/send-journal';
import { startHost, type RunningHost } from '../e2e/support/host';
import { connectApi, type HostApi } from './ws-api';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const FINAL = new Set(['sent', 'delivered', 'read', 'failed', 'invalid', 'skipped', 'uncertain']);
const WENT_OUT = new Set(['sent', 'delivered', 'read']);

/** A lively Simulator: receipts, replies, opt-outs, invalid numbers and transient failures. */
const BEHAVIOR = {
  deliveredProb: 0.8,
  readProb: 0.5,
  replyProb: 0.05,
  optOutProb: 0.02,
  failProb: 0.1,
  invalidProb: 0.03,
  receiptDelayMs: [0, 200],
  replyDelayMs: [0, 300],
  sendLatencyMs: [15, 45],
  traceCalls: true,
};

let host: RunningHost | undefined;
let dirs: string[] = [];
afterEach(async () => {
  await host?.stop('SIGKILL');
  host = undefined;
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  dirs = [];
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function newDataDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-crash-'));
  dirs.push(d);
  return d;
}

interface Seeded {
  numberIds: number[];
  /** Campaign id → its (single) message text. */
  campaigns: Map<number, string>;
}

function seed(dataDir: string, opts: { contacts: number; numbers: Array<Record<string, unknown>>; texts: string[]; typing: boolean }): Seeded {
  const { db } = openStore(dataDir);
  try {
    const { listId } = seedContacts(db, { count: opts.contacts });
    const numberIds = opts.numbers.map((behavior, i) => insertNumber(db, { label: `Simulado ${i + 1}`, config: { behavior } }));
    const campaigns = new Map<number, string>();
    for (const text of opts.texts) {
      const base = fastDraft({ listIds: [listId], numberIds });
      const id = insertCampaign(db, {
        ...base,
        name: `Campanha ${text}`,
        messages: { ...base.messages, variations: [{ id: 'v1', text, attachment: null }] },
        // A typing delay is the window where a kill used to leave "uncertain" rows never sent.
        pacing: { ...base.pacing, typing: opts.typing },
      });
      campaigns.set(id, text);
    }
    return { numberIds, campaigns };
  } finally {
    db.close();
  }
}

type RunState = { status: string; pauseCode: string | null; pauseReason: string | null; counters: Record<string, number> };

async function waitFor(api: HostApi, ids: number[], done: (s: RunState) => boolean, ms: number): Promise<RunState[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const states = await Promise.all(ids.map((id) => api.call<RunState>('campaigns.runState', { id })));
    if (states.every(done) || Date.now() > deadline) return states;
    await sleep(150);
  }
}

const sentOf = (s: RunState) => s.counters.sent + s.counters.delivered + s.counters.read;

/**
 * While no host runs: retries come due now (the product waits ~30 s, 2 min, 10 min, which this
 * test does not), and the Simulators get `behavior` for the rest of the run.
 */
function beforeFinalRun(dataDir: string, behavior: Record<string, unknown>): void {
  const { db } = openStore(dataDir);
  try {
    db.prepare(`UPDATE deliveries SET next_attempt_at = 0 WHERE state = 'queued'`).run();
    const numbers = db.prepare('SELECT id, config FROM numbers').all() as Array<{ id: number; config: string }>;
    for (const n of numbers) {
      const config = JSON.parse(n.config) as { behavior?: Record<string, unknown> };
      db.prepare('UPDATE numbers SET config = ? WHERE id = ?').run(JSON.stringify({ ...config, behavior: { ...config.behavior, ...behavior } }), n.id);
    }
  } finally {
    db.close();
  }
}

/**
 * Waits until the running host has recorded at least one transient send failure, so the run
 * provably exercises "handed over but not accepted" whatever the random kill times are.
 */
async function untilTransientFailure(dataDir: string, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  const db = new Database(path.join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const failed = db.prepare(`SELECT 1 FROM deliveries WHERE error_code = 'SEND_FAILED' LIMIT 1`);
    while (Date.now() < deadline) {
      if (failed.get()) return true;
      await sleep(100);
    }
    return false;
  } finally {
    db.close();
  }
}

/** Message ids the Simulator was handed (its call trace; written before anything else in `send`). */
function calls(dataDir: string, numberIds: number[]): Set<string> {
  const out = new Set<string>();
  for (const n of numberIds) {
    let raw = '';
    try {
      raw = fs.readFileSync(`${simulatorLedgerFor(dataDir, n)}.calls`, 'utf8');
    } catch {
      continue;
    }
    for (const line of raw.split('\n')) {
      try {
        if (line) out.add((JSON.parse(line) as { messageId: string }).messageId);
      } catch {
        // a line cut by the kill
      }
    }
  }
  return out;
}

/** Message ids the send journal recorded before handing them over (active file and archives). */
function journalledSends(dataDir: string): Set<string> {
  const dir = journalDir(dataDir);
  const archive = path.join(dir, 'archive');
  const files = [path.join(dir, 'active.log'), ...(fs.existsSync(archive) ? fs.readdirSync(archive).map((f) => path.join(archive, f)) : [])];
  const out = new Set<string>();
  for (const f of files.filter((x) => fs.existsSync(x))) for (const r of parseJournal(fs.readFileSync(f)).records) if (r.t === 'I') out.add(r.messageId);
  return out;
}

function ledgers(dataDir: string, numberIds: number[]) {
  return numberIds.flatMap((n) => readLedger(simulatorLedgerFor(dataDir, n)).map((e) => ({ ...e, numberId: n })));
}

async function untilLedgerGrows(dataDir: string, numberIds: number[], from: number, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && ledgers(dataDir, numberIds).length <= from) await sleep(50);
}

/**
 * The invariants every scenario must end with. Returns figures for the log line.
 * `maxInFlight`: how many sends could have been in flight at the kills (kills × numbers).
 */
function checkInvariants(dataDir: string, seeded: Seeded, contacts: number, maxInFlight: number) {
  const ledger = ledgers(dataDir, seeded.numberIds);
  const handed = calls(dataDir, seeded.numberIds);
  const journalled = journalledSends(dataDir);
  const campaignOfText = new Map([...seeded.campaigns].map(([id, text]) => [hashText(text), id]));

  // 1. Nobody received the same campaign twice (campaign + contact, not the jid alone).
  const perKey = new Map<string, number>();
  for (const e of ledger) {
    const campaign = campaignOfText.get(e.textSha256);
    expect(campaign, 'every ledger entry belongs to one of the campaigns').toBeDefined();
    const key = `${campaign}:${e.jid}`;
    perKey.set(key, (perKey.get(key) ?? 0) + 1);
  }
  const twice = [...perKey.entries()].filter(([, n]) => n > 1);
  expect(twice, `${twice.length} campaign+contact pairs got the message more than once`).toEqual([]);

  const { db } = openStore(dataDir);
  try {
    let uncertain = 0;
    let uncertainNotHanded = 0;
    for (const campaignId of seeded.campaigns.keys()) {
      const rows = db.prepare('SELECT id, state, message_id FROM deliveries WHERE campaign_id = ?').all(campaignId) as Array<{ id: number; state: string; message_id: string | null }>;
      expect(rows).toHaveLength(contacts);
      // 2. Every delivery reached a final state.
      expect(rows.filter((r) => !FINAL.has(r.state))).toEqual([]);
      // 3. Database and ledger agree: what the DB calls sent went out; what went out is recorded
      //    as sent or flagged uncertain.
      const inLedger = new Set(ledger.map((e) => e.messageId));
      for (const r of rows) if (WENT_OUT.has(r.state)) expect(inLedger.has(r.message_id!), `delivery ${r.id} (${r.state}) is in the ledger`).toBe(true);
      const byMessage = new Map(rows.filter((r) => r.message_id).map((r) => [r.message_id!, r.state]));
      for (const e of ledger) {
        if (campaignOfText.get(e.textSha256) !== campaignId) continue;
        expect(['sent', 'delivered', 'read', 'uncertain']).toContain(byMessage.get(e.messageId));
      }
      // 4. Every uncertain delivery was in flight at a kill: journalled, i.e. about to be or
      //    already handed to the channel. Claims still typing went back to the queue and were
      //    sent later. The Simulator's own trace confirms it; the only uncertain rows it may
      //    not have seen are kills that fell between "journal record on disk" and the channel
      //    call (one event-loop turn: well under a millisecond on a quiet machine, more on a
      //    busy one). Checked below as a share: the code before the journal left most of its
      //    uncertain rows (7 in one run) never handed to the channel.
      const unjournalled = rows.filter((r) => r.state === 'uncertain' && !journalled.has(r.message_id!));
      expect(unjournalled, `${unjournalled.length} uncertain deliveries were never journalled`).toEqual([]);
      uncertainNotHanded += rows.filter((r) => r.state === 'uncertain' && !handed.has(r.message_id!)).length;
      uncertain += rows.filter((r) => r.state === 'uncertain').length;
      // 5. Counters match the deliveries.
      const counters = db.prepare('SELECT * FROM campaign_counters WHERE campaign_id = ?').get(campaignId) as Record<string, number>;
      const grouped = db.prepare('SELECT state, count(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY state').all(campaignId) as Array<{ state: string; n: number }>;
      for (const g of grouped) expect(counters[g.state]).toBe(g.n);
      expect(counters.total).toBe(contacts);
    }
    expect(uncertain).toBeLessThanOrEqual(maxInFlight);
    expect(uncertainNotHanded, `${uncertainNotHanded} of ${uncertain} uncertain deliveries were never handed to the channel`).toBeLessThanOrEqual(Math.max(2, Math.ceil(uncertain / 4)));
    return { sent: ledger.length, handed: handed.size, uncertain, uncertainNotHanded };
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it('survives 10 SIGKILLs with typing, transient failures and two campaigns over the same contacts: nobody gets a campaign twice, nothing uncertain that was never sent', async () => {
    const CONTACTS = 100;
    const KILLS = 10;
    const dataDir = newDataDir();
    // Short texts: typing takes ~40 ms per character.
    const seeded = seed(dataDir, { contacts: CONTACTS, numbers: [BEHAVIOR, BEHAVIOR], texts: ['Oi', 'Olá'], typing: true });
    const ids = [...seeded.campaigns.keys()];
    host = await startHost({ dataDir });
    let api = await connectApi(host.url);
    for (const id of ids) expect((await api.call<RunState>('campaigns.start', { id })).counters.total).toBe(CONTACTS);
    api.close();

    const progress: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      // Failures are random (10%); the first run goes on until one happened, so the final
      // assertion does not depend on how many sends the random kill times allowed.
      if (i === 0) expect(await untilTransientFailure(dataDir, 60_000), 'no transient failure within 60 s').toBe(true);
      // Each restarted host first has to start sending again, or the kill lands before anything
      // is in flight and proves nothing.
      else await untilLedgerGrows(dataDir, seeded.numberIds, progress[i - 1]!, 30_000);
      await sleep(50 + Math.random() * 600);
      await host.stop('SIGKILL');
      progress.push(ledgers(dataDir, seeded.numberIds).length);
      if (i === KILLS - 1) beforeFinalRun(dataDir, { failProb: 0 });
      host = await startHost({ dataDir });
    }
    // The last run sends the rest; nothing left in doubt is resent.
    api = await connectApi(host.url);
    const states = await waitFor(api, ids, (s) => s.status === 'finished', 150_000);
    api.close();
    await host.stop('SIGTERM');
    host = undefined;
    expect(states.map((s) => s.status)).toEqual(ids.map(() => 'finished'));
    // The kills really interrupted running campaigns.
    const interrupted = progress.filter((n, i) => n > (progress[i - 1] ?? 0) && n < CONTACTS * ids.length).length;
    expect(interrupted, `only ${interrupted} of ${KILLS} kills interrupted a campaign that was sending`).toBeGreaterThanOrEqual(KILLS / 2);

    const figures = checkInvariants(dataDir, seeded, CONTACTS, KILLS * seeded.numberIds.length);
    // The transient failure rate was exercised: some messages handed over were not accepted.
    expect(figures.handed).toBeGreaterThan(figures.sent);
    console.log(`crash-safety kills: ${figures.sent} sent, ${figures.handed - figures.sent} handed but not accepted, ${figures.uncertain} uncertain (${figures.uncertainNotHanded} not yet handed over), ledger after each kill: ${progress.join(', ')}`);
    // 11 host starts: ~1 min on a quiet 2-core machine, much more when it is busy.
  }, 300_000);

  it('a backup taken mid-campaign and restored after the campaign went on: nobody gets it twice, and the campaign comes back paused saying what was reconciled', async () => {
    const CONTACTS = 100;
    const dataDir = newDataDir();
    // No transient failures here (the kill test has them): their retries wait 30 s and more.
    const seeded = seed(dataDir, { contacts: CONTACTS, numbers: [{ ...BEHAVIOR, failProb: 0, sendLatencyMs: [10, 20] }], texts: ['Oi'], typing: false });
    const [id] = [...seeded.campaigns.keys()];
    host = await startHost({ dataDir });
    let api = await connectApi(host.url);
    await api.call('campaigns.start', { id });
    await waitFor(api, [id], (s) => sentOf(s) >= 20, 30_000);
    const backup = await api.call<{ fileName: string }>('data.backupNow');
    const backupFile = path.join(dataDir, 'backups', 'manual', backup.fileName);
    // The campaign goes on to the end (its journal records move to the archive), then the app dies.
    const [finished] = await waitFor(api, [id], (s) => s.status === 'finished', 60_000);
    expect(finished.status).toBe('finished');
    api.close();
    await host.stop('SIGKILL');

    const restore = spawnSync(process.execPath, [path.join(ROOT, 'bin/recado.mjs'), 'restore', backupFile, '--data-dir', dataDir], {
      cwd: ROOT,
      env: { ...process.env, RECADO_FROM_SOURCE: '1' },
      encoding: 'utf8',
    });
    expect(restore.status, restore.stderr).toBe(0);
    // Everything that went out before the restore must come back as sent (or uncertain).
    const wentOut = ledgers(dataDir, seeded.numberIds).length;

    host = await startHost({ dataDir });
    api = await connectApi(host.url);
    const restored = await api.call<RunState>('campaigns.runState', { id });
    const notes = await api.call<Array<{ kind: string; body: string; route: string | null }>>('notifications.list');
    if (restored.status === 'paused') await api.call('campaigns.resume', { id });
    const [end] = await waitFor(api, [id], (s) => s.status === 'finished', 60_000);
    api.close();
    await host.stop('SIGTERM');
    host = undefined;

    const figures = checkInvariants(dataDir, seeded, CONTACTS, 1);
    expect(end.status).toBe('finished');
    // It came back paused, saying what the journal reconciled; the notification says the same.
    expect(restored).toMatchObject({ status: 'paused', pauseCode: 'restored' });
    expect(restored.pauseReason).toMatch(/^Backup restaurado: \d+ envios feitos depois do backup foram marcados como enviados/);
    expect(sentOf(restored) + restored.counters.uncertain).toBe(wentOut);
    expect(notes.some((n) => n.kind === 'campaign.paused' && n.route === `#/campanhas/${id}` && n.body.includes(restored.pauseReason!))).toBe(true);
    console.log(`crash-safety restore: ${figures.sent} sent, reconciled after restore: ${restored.pauseReason}`);
  }, 180_000);

  it('number failover: a number drops mid-campaign, the other takes over, a SIGKILL on top: nobody gets it twice', async () => {
    const CONTACTS = 100;
    const DROP_AFTER = 30;
    const dataDir = newDataDir();
    const seeded = seed(dataDir, {
      contacts: CONTACTS,
      numbers: [
        { ...BEHAVIOR, failProb: 0, sendLatencyMs: [10, 30], dropAfterSends: DROP_AFTER },
        { ...BEHAVIOR, failProb: 0, sendLatencyMs: [10, 30] },
      ],
      texts: ['Oi'],
      typing: false,
    });
    const [id] = [...seeded.campaigns.keys()];
    const [first, second] = seeded.numberIds;
    host = await startHost({ dataDir });
    let api = await connectApi(host.url);
    await api.call('campaigns.start', { id });
    // The first number drops after 30 messages; the campaign keeps going on the second.
    await waitFor(api, [id], (s) => sentOf(s) >= 2 * DROP_AFTER + 15, 30_000);
    expect(readLedger(simulatorLedgerFor(dataDir, first))).toHaveLength(DROP_AFTER);
    const running = await api.call<RunState>('campaigns.runState', { id });
    expect(running.status).toBe('running');
    api.close();
    await host.stop('SIGKILL');

    // After the restart both numbers are up; the send that was in flight on the first number
    // when it dropped failed and waits for its retry, made due now.
    beforeFinalRun(dataDir, { dropAfterSends: 0 });
    host = await startHost({ dataDir });
    api = await connectApi(host.url);
    const [end] = await waitFor(api, [id], (s) => s.status === 'finished', 60_000);
    api.close();
    await host.stop('SIGTERM');
    host = undefined;
    expect(end.status).toBe('finished');

    const figures = checkInvariants(dataDir, seeded, CONTACTS, seeded.numberIds.length);
    const bySecond = readLedger(simulatorLedgerFor(dataDir, second)).length;
    expect(bySecond).toBeGreaterThan(0);
    console.log(`crash-safety failover: ${figures.sent} sent (${bySecond} by the second number), ${figures.uncertain} uncertain`);
  }, 180_000);
});

/**
 * Crash safety of the campaign engine, end to end: a real browser-mode host runs a Simulator
 * campaign and is killed with SIGKILL at random moments, then restarted on the same data dir.
 * The Simulator's fsynced ledger is the ground truth of what "went out".
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from '../../electron/core/db/open';
import { readLedger } from '../../electron/core/channels/simulator';
import { simulatorLedgerFor } from '../../electron/core/numbers/channel-registry';
import { fastDraft, insertCampaign, seedContacts } from '../../electron/core/campaigns/engine/testing/fixtures';
import { startHost, type RunningHost } from '../e2e/support/host';
import { connectApi } from './ws-api';

const CONTACTS = 300;
const KILLS = 10;
const FINAL = new Set(['sent', 'delivered', 'read', 'failed', 'invalid', 'skipped', 'uncertain']);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-crash-'));
let host: RunningHost | undefined;
afterAll(async () => {
  await host?.stop('SIGKILL');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function seed(): { campaignId: number; numberId: number } {
  const { db } = openStore(dataDir);
  try {
    const { listId } = seedContacts(db, { count: CONTACTS });
    const now = Date.now();
    const behavior = {
      deliveredProb: 0.8,
      readProb: 0.5,
      replyProb: 0.05,
      optOutProb: 0.02,
      failProb: 0,
      invalidProb: 0.03,
      receiptDelayMs: [0, 200],
      replyDelayMs: [0, 300],
      // Zero pacing delays; a little send latency so kills land in the middle of sends.
      sendLatencyMs: [15, 45],
    };
    const numberId = Number(
      db
        .prepare(`INSERT INTO numbers (kind, label, status, config, created_at, updated_at) VALUES ('simulator', 'Número simulado', 'disconnected', ?, ?, ?)`)
        .run(JSON.stringify({ behavior }), now, now).lastInsertRowid,
    );
    const campaignId = insertCampaign(db, fastDraft({ listIds: [listId], numberIds: [numberId] }));
    return { campaignId, numberId };
  } finally {
    db.close();
  }
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs: nobody gets the campaign twice and every delivery ends in a final state`, async () => {
    const { campaignId, numberId } = seed();
    host = await startHost({ dataDir });
    let api = await connectApi(host.url);
    const started = await api.call<{ status: string; counters: { total: number } }>('campaigns.start', { id: campaignId });
    expect(started.counters.total).toBe(CONTACTS);
    api.close();

    const ledgerFile = simulatorLedgerFor(dataDir, numberId);
    const progress: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      await sleep(150 + Math.random() * 900);
      await host.stop('SIGKILL');
      progress.push(readLedger(ledgerFile).length);
      host = await startHost({ dataDir });
    }
    // The last run sends the rest; nothing left in doubt is resent.
    api = await connectApi(host.url);
    const deadline = Date.now() + 60_000;
    let state = await api.call<{ status: string; counters: Record<string, number> }>('campaigns.runState', { id: campaignId });
    while (state.status !== 'finished' && Date.now() < deadline) {
      await sleep(200);
      state = await api.call('campaigns.runState', { id: campaignId });
    }
    api.close();
    await host.stop('SIGTERM');
    host = undefined;
    expect(state.status).toBe('finished');

    const ledger = readLedger(ledgerFile);
    // The kills really interrupted a running campaign.
    expect(progress.some((n) => n > 0 && n < CONTACTS)).toBe(true);

    // 1. Nobody received the campaign twice.
    const perJid = new Map<string, number>();
    for (const e of ledger) perJid.set(e.jid, (perJid.get(e.jid) ?? 0) + 1);
    const twice = [...perJid.entries()].filter(([, n]) => n > 1);
    expect(twice).toEqual([]);

    const { db } = openStore(dataDir);
    try {
      const rows = db.prepare('SELECT id, state, message_id FROM deliveries WHERE campaign_id = ?').all(campaignId) as Array<{ id: number; state: string; message_id: string | null }>;
      expect(rows).toHaveLength(CONTACTS);
      // 2. Every delivery reached a final state.
      expect(rows.filter((r) => !FINAL.has(r.state))).toEqual([]);
      // 3. The database and the ledger agree: whatever the DB calls sent is in the ledger, and
      //    whatever is in the ledger is either recorded as sent or flagged uncertain.
      const byMessage = new Map(rows.filter((r) => r.message_id).map((r) => [r.message_id!, r.state]));
      const inLedger = new Set(ledger.map((e) => e.messageId));
      for (const r of rows) if (['sent', 'delivered', 'read'].includes(r.state)) expect(inLedger.has(r.message_id!)).toBe(true);
      for (const e of ledger) expect(['sent', 'delivered', 'read', 'uncertain']).toContain(byMessage.get(e.messageId));
      // 4. Counters match the deliveries.
      const counters = db.prepare('SELECT * FROM campaign_counters WHERE campaign_id = ?').get(campaignId) as Record<string, number>;
      const grouped = db.prepare('SELECT state, count(*) AS n FROM deliveries WHERE campaign_id = ? GROUP BY state').all(campaignId) as Array<{ state: string; n: number }>;
      for (const g of grouped) expect(counters[g.state]).toBe(g.n);
      expect(counters.total).toBe(CONTACTS);
      const uncertain = rows.filter((r) => r.state === 'uncertain').length;
      expect(uncertain).toBeLessThanOrEqual(KILLS);
      console.log(`crash-safety: ${ledger.length} sent, ${uncertain} uncertain, ledger after each kill: ${progress.join(', ')}`);
    } finally {
      db.close();
    }
  });
});

/**
 * The send journal inside a real core (browser mode, real timers, real files): restore, crash
 * recovery, a journal that cannot be written, compaction and "apagar todos os dados".
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../core';
import { openStore } from '../../db/open';
import { silentLogger } from '../../log/logger';
import { readLedger } from '../../channels/simulator';
import { simulatorLedgerFor } from '../../numbers/channel-registry';
import { applyPendingRestore, stageRestore } from '../../backup/restore';
import { coreCaller } from '../../../../tests/helpers/core';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { fastDraft, insertCampaign, insertNumber, seedContacts } from '../engine/testing/fixtures';
import { parseJournal } from './format';
import { journalDir, SendJournal } from './send-journal';

const QUIET = { deliveredProb: 0, readProb: 0, replyProb: 0, optOutProb: 0, failProb: 0, invalidProb: 0 };

let dir: string;
let cleanup: (() => void) | undefined;
let core: Core | undefined;
afterEach(async () => {
  await core?.close();
  core = undefined;
  cleanup?.();
  cleanup = undefined;
});

function newDir(): string {
  const t = makeTempDir('recado-journal-core-');
  cleanup = t.cleanup;
  return t.dir;
}

function seed(opts: { contacts: number; behavior?: Record<string, unknown>; pacing?: Partial<ReturnType<typeof fastDraft>['pacing']> }) {
  const { db } = openStore(dir);
  try {
    const { listId, contactIds } = seedContacts(db, { count: opts.contacts });
    const numberId = insertNumber(db, { config: { behavior: { ...QUIET, ...opts.behavior } } });
    const base = fastDraft({ listIds: [listId], numberIds: [numberId] });
    const campaignId = insertCampaign(db, { ...base, pacing: { ...base.pacing, ...opts.pacing } });
    return { numberId, campaignId, contactIds };
  } finally {
    db.close();
  }
}

function start(): Core {
  core = createCore({ dataDir: dir, mode: 'browser', logger: silentLogger() });
  return core;
}

async function stop(): Promise<void> {
  await core?.close();
  core = undefined;
}

const call = coreCaller(() => core!);

async function until<T>(read: () => Promise<T> | T, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

type RunState = { status: string; pauseCode: string | null; pauseReason: string | null; counters: Record<string, number> };
const runState = (id: number) => call('campaigns.runState', { id });
const sentOf = (s: RunState) => s.counters.sent + s.counters.delivered + s.counters.read;

function deliveries(campaignId: number) {
  const { db } = openStore(dir);
  try {
    return db.prepare('SELECT id, contact_id, state, message_id, error_code FROM deliveries WHERE campaign_id = ? ORDER BY id').all(campaignId) as Array<{
      id: number;
      contact_id: number;
      state: string;
      message_id: string | null;
      error_code: string | null;
    }>;
  } finally {
    db.close();
  }
}

function perJid(numberId: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of readLedger(simulatorLedgerFor(dir, numberId))) m.set(e.jid, (m.get(e.jid) ?? 0) + 1);
  return m;
}

async function backupNow(): Promise<string> {
  const r = await call('data.backupNow');
  if (!('fileName' in r)) throw new Error('no backup made');
  return path.join(dir, 'backups', 'manual', r.fileName);
}

/** What `recado restore FILE` does with the app closed. */
async function restore(file: string): Promise<void> {
  await stageRestore(dir, file);
  expect(applyPendingRestore(dir, { requireLock: false })?.ok).toBe(true);
}

describe('send journal in a running core', () => {
  it('after a restore, sends made after the backup are marked sent, the campaign comes back paused with a notice, and nobody gets it twice', async () => {
    dir = newDir();
    const N = 12;
    const { numberId, campaignId } = seed({ contacts: N, behavior: { sendLatencyMs: [15, 15] } });
    start();
    await call('campaigns.start', { id: campaignId });
    await until(() => runState(campaignId), (s) => sentOf(s) >= 3, 'three sends');
    const file = await backupNow();
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the campaign to finish');
    // Finished: its records left the active file for the campaign's archive (compaction).
    await until(() => fs.readdirSync(path.join(journalDir(dir), 'archive')).length, (n) => n === 1, 'compaction');
    await stop();

    await restore(file);
    start();
    const after = await runState(campaignId);
    expect(after.status).toBe('paused');
    expect(after.pauseCode).toBe('restored');
    expect(after.pauseReason).toMatch(/^Backup restaurado: \d+ envios? feitos? depois do backup (foram marcados como enviados|foi marcado como enviado)/);
    expect(after.counters.queued + after.counters.sending).toBe(0);
    const notes = await call('notifications.list');
    expect(notes.find((n) => n.route === `#/campanhas/${campaignId}`)).toMatchObject({ kind: 'campaign.paused', title: 'Campanha pausada após restaurar o backup' });

    await call('campaigns.resume', { id: campaignId });
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the resumed campaign to finish');
    const counts = perJid(numberId);
    expect(counts.size).toBe(N);
    expect([...counts.values()].filter((n) => n > 1)).toEqual([]);
    // Receipts keep matching: the restored rows carry the message ids that went out.
    const ledgerIds = new Set(readLedger(simulatorLedgerFor(dir, numberId)).map((e) => e.messageId));
    for (const d of deliveries(campaignId)) expect(ledgerIds.has(d.message_id!)).toBe(true);
  });

  it('a draft restored from a backup and started again skips everyone the journal says it already sent', async () => {
    dir = newDir();
    const N = 6;
    const { numberId, campaignId } = seed({ contacts: N });
    start();
    const file = await backupNow();
    await call('campaigns.start', { id: campaignId });
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the campaign to finish');
    await stop();
    await restore(file);
    start();
    expect((await runState(campaignId)).status).toBe('draft');
    const started = await call('campaigns.start', { id: campaignId });
    expect(sentOf(started)).toBe(N);
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the campaign to finish');
    expect(readLedger(simulatorLedgerFor(dir, numberId))).toHaveLength(N);
  });

  it('after a crash, a claim that never reached the channel goes back to the queue; a journalled one becomes uncertain', async () => {
    dir = newDir();
    const { numberId, campaignId, contactIds } = seed({ contacts: 4, pacing: { minDelaySec: 60, maxDelaySec: 60 } });
    start();
    await call('campaigns.start', { id: campaignId });
    await until(() => runState(campaignId), (s) => sentOf(s) === 1, 'the first send');
    await stop();

    // The state a kill leaves: two rows claimed (`sending`); only the second reached the journal
    // (it was handed to the channel), the first was still typing.
    const { db } = openStore(dir);
    const rows = db.prepare(`SELECT id, contact_id FROM deliveries WHERE campaign_id = ? AND state = 'queued' ORDER BY id`).all(campaignId) as Array<{ id: number; contact_id: number }>;
    const claim = db.prepare(`UPDATE deliveries SET state = 'sending', message_id = ?, attempts = 1, variation = 0, number_id = ?, last_attempt_at = ? WHERE id = ?`);
    claim.run('TYPING1', numberId, Date.now(), rows[0].id);
    claim.run('HANDED1', numberId, Date.now(), rows[1].id);
    db.prepare(`UPDATE campaign_counters SET queued = queued - 2, sending = sending + 2 WHERE campaign_id = ?`).run(campaignId);
    db.prepare(`INSERT INTO number_daily_counters (number_id, day, attempts) VALUES (?, ?, 2) ON CONFLICT (number_id, day) DO UPDATE SET attempts = attempts + 2`).run(numberId, new Date().toISOString().slice(0, 10));
    const uid = (db.prepare('SELECT uid FROM campaigns WHERE id = ?').get(campaignId) as { uid: string }).uid;
    const phone = (db.prepare('SELECT phone_key FROM contacts WHERE id = ?').get(rows[1].contact_id) as { phone_key: string }).phone_key;
    // Faster from here on, so the test does not wait for the 60 s gap.
    const draft = JSON.parse((db.prepare('SELECT draft FROM campaigns WHERE id = ?').get(campaignId) as { draft: string }).draft);
    db.prepare('UPDATE campaigns SET draft = ? WHERE id = ?').run(JSON.stringify({ ...draft, pacing: { ...draft.pacing, minDelaySec: 0, maxDelaySec: 0 } }), campaignId);
    db.prepare('DELETE FROM number_pacing').run();
    db.close();
    const j = SendJournal.open(dir);
    await j.intent({ campaign: uid, phone, messageId: 'HANDED1', numberId, variation: 0, at: Date.now() });
    await j.close();

    start();
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the campaign to finish');
    const final = deliveries(campaignId);
    expect(final.find((d) => d.id === rows[0].id)).toMatchObject({ state: 'sent' });
    expect(final.find((d) => d.id === rows[0].id)!.message_id).not.toBe('TYPING1');
    expect(final.find((d) => d.id === rows[1].id)).toMatchObject({ state: 'uncertain', message_id: 'HANDED1', error_code: 'CRASH_UNCERTAIN' });
    const ledger = readLedger(simulatorLedgerFor(dir, numberId));
    expect(ledger).toHaveLength(3);
    expect(ledger.some((e) => e.messageId === 'HANDED1')).toBe(false);
    expect(contactIds).toHaveLength(4);
  });

  it('"reenviar para falhas" on an uncertain send survives a restart (the journal records the release)', async () => {
    dir = newDir();
    const { numberId, campaignId } = seed({ contacts: 2, pacing: { minDelaySec: 60, maxDelaySec: 60 } });
    start();
    await call('campaigns.start', { id: campaignId });
    await until(() => runState(campaignId), (s) => sentOf(s) === 1, 'the first send');
    await stop();
    // A kill while the second message was with the channel.
    const { db } = openStore(dir);
    const row = db.prepare(`SELECT d.id, c.phone_key FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = ? AND d.state = 'queued'`).get(campaignId) as { id: number; phone_key: string };
    db.prepare(`UPDATE deliveries SET state = 'sending', message_id = 'HANDED2', attempts = 1, variation = 0, number_id = ?, last_attempt_at = ? WHERE id = ?`).run(numberId, Date.now(), row.id);
    db.prepare(`UPDATE campaign_counters SET queued = queued - 1, sending = sending + 1 WHERE campaign_id = ?`).run(campaignId);
    const uid = (db.prepare('SELECT uid FROM campaigns WHERE id = ?').get(campaignId) as { uid: string }).uid;
    db.close();
    const j = SendJournal.open(dir);
    await j.intent({ campaign: uid, phone: row.phone_key, messageId: 'HANDED2', numberId, variation: 0, at: Date.now() });
    await j.close();

    start();
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the campaign to finish');
    expect((await runState(campaignId)).counters.uncertain).toBe(1);
    // The user decides to resend it; the number's 60 s gap keeps it queued across a restart.
    expect((await call('campaigns.resendFailed', { id: campaignId })).requeued).toBe(1);
    await stop();
    start();
    const s = await runState(campaignId);
    expect(s).toMatchObject({ status: 'running', pauseCode: null });
    expect(s.counters).toMatchObject({ queued: 1, uncertain: 0 });
  });

  it('a database that lost its last commits (no restore) takes the journal\'s word and pauses the campaign to be checked', async () => {
    dir = newDir();
    const { numberId, campaignId } = seed({ contacts: 3, pacing: { minDelaySec: 60, maxDelaySec: 60 } });
    start();
    await call('campaigns.start', { id: campaignId });
    await until(() => runState(campaignId), (s) => sentOf(s) === 1, 'the first send');
    await stop();
    // As after a power cut: the commit that recorded the send is gone, the journal has it.
    const { db } = openStore(dir);
    const sent = db.prepare(`SELECT id, message_id FROM deliveries WHERE campaign_id = ? AND state = 'sent'`).get(campaignId) as { id: number; message_id: string };
    db.prepare(`UPDATE deliveries SET state = 'queued', message_id = NULL, text = NULL, variation = NULL, number_id = NULL, jid = NULL, sent_at = NULL, attempts = 0, last_attempt_at = NULL WHERE id = ?`).run(sent.id);
    db.prepare(`UPDATE campaign_counters SET queued = queued + 1, sent = sent - 1 WHERE campaign_id = ?`).run(campaignId);
    db.prepare(`UPDATE variation_counters SET sent = sent - 1 WHERE campaign_id = ?`).run(campaignId);
    db.prepare(`UPDATE number_daily_counters SET sent = sent - 1, attempts = attempts - 1`).run();
    db.close();

    start();
    const s = await runState(campaignId);
    expect(s).toMatchObject({ status: 'paused', pauseCode: 'journal_ahead' });
    expect(s.pauseReason).toMatch(/1 envio feito sem registro no banco de dados foi marcado como enviado/);
    expect(s.counters).toMatchObject({ sent: 1, queued: 2 });
    expect(deliveries(campaignId).find((d) => d.id === sent.id)).toMatchObject({ state: 'sent', message_id: sent.message_id });
    expect(readLedger(simulatorLedgerFor(dir, numberId))).toHaveLength(1);
  });

  it('a send journal that cannot be written pauses the campaign and nothing is sent', async () => {
    dir = newDir();
    const { numberId, campaignId } = seed({ contacts: 3 });
    const original = fs.fdatasync;
    start();
    // Every commit fails, as on a disk that went away.
    (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = ((_fd: number, cb: (err: NodeJS.ErrnoException | null) => void) => {
      setImmediate(() => cb(Object.assign(new Error('EIO'), { code: 'EIO' })));
    }) as typeof fs.fdatasync;
    try {
      await call('campaigns.start', { id: campaignId });
      const s = await until(() => runState(campaignId), (x) => x.status === 'paused', 'the pause');
      expect(s.pauseCode).toBe('journal_failed');
      expect(s.pauseReason).toMatch(/diário de envios/);
      expect(s.counters).toMatchObject({ queued: 3, sending: 0, sent: 0 });
    } finally {
      (fs as { fdatasync: typeof fs.fdatasync }).fdatasync = original;
    }
    expect(readLedger(simulatorLedgerFor(dir, numberId))).toHaveLength(0);
    await call('campaigns.resume', { id: campaignId });
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the campaign to finish');
    expect(readLedger(simulatorLedgerFor(dir, numberId))).toHaveLength(3);
  });

  it('"apagar todos os dados" also deletes the journal (it names contacts’ phones)', async () => {
    dir = newDir();
    const { campaignId } = seed({ contacts: 3 });
    start();
    await call('campaigns.start', { id: campaignId });
    await until(() => runState(campaignId), (s) => s.status === 'finished', 'the campaign to finish');
    await call('data.deleteAll', { confirm: 'APAGAR' });
    const active = parseJournal(fs.readFileSync(path.join(journalDir(dir), 'active.log')));
    expect(active.records).toEqual([]);
    expect(fs.readdirSync(path.join(journalDir(dir), 'archive'))).toEqual([]);
  });
});

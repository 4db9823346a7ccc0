import { afterEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { silentLogger } from '../log/logger';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { fastDraft, seedContacts, testPhone } from '../campaigns/engine/testing/fixtures';
import { readLedger } from '../channels/simulator';
import { simulatorLedgerFor } from './channel-registry';
import { coreCaller } from '../../../tests/helpers/core';

let core: Core | undefined;
let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  await core?.close();
  tmp?.cleanup();
  core = undefined;
});

const call = coreCaller(() => core!);

async function until(check: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error('timeout');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function start(): Core {
  tmp = makeTempDir('recado-numbers-');
  core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
  return core;
}

describe('numbers and campaigns through the API', () => {
  it('adds a simulated number labelled as such, runs a campaign on it and reports today’s sends', async () => {
    start();
    const n = await call('numbers.addSimulator', { behavior: { invalidProb: 0, failProb: 0, deliveredProb: 0 } });
    expect(n).toMatchObject({ simulated: true, label: 'Número simulado 1' });
    await until(async () => (await call('numbers.list'))[0].status === 'connected');

    const { listId } = seedContacts(core!.context.db, { count: 5 });
    const c = await call('campaigns.create', { draft: fastDraft({ listIds: [listId], numberIds: [n.id] }) });
    const preview = await call('campaigns.audiencePreview', { draft: { audience: { listIds: [listId], frequencyCapDays: 0 } } });
    expect(preview.final).toBe(5);
    await call('campaigns.start', { id: c.id });
    await until(async () => (await call('campaigns.runState', { id: c.id })).status === 'finished');
    const [listed] = await call('numbers.list');
    expect(listed.today).toEqual({ sent: 5, cap: null });
    const page = await call('campaigns.deliveries', { id: c.id, states: ['sent'], limit: 2 });
    expect(page.total).toBe(5);
    expect(page.rows).toHaveLength(2);
    expect(readLedger(simulatorLedgerFor(tmp!.dir, n.id))).toHaveLength(5);
    const overview = await call('campaigns.overview');
    expect(overview.find((o) => o.id === c.id)).toMatchObject({ status: 'finished', counters: { sent: 5 } });
  });

  it('updates caps and refuses to remove a number a running campaign uses', async () => {
    start();
    const n = await call('numbers.addSimulator', { label: 'Ensaio', behavior: { invalidProb: 0 } });
    const updated = await call('numbers.update', {
      id: n.id,
      dailyCap: 40,
      warmup: { startCap: 10, increasePerDay: 5 },
    });
    expect(updated).toMatchObject({ dailyCap: 40, hourlyCap: null, warmup: { startCap: 10 }, today: { cap: 10 } });
    await until(async () => (await call('numbers.list'))[0].status === 'connected');
    const { listId } = seedContacts(core!.context.db, { count: 3 });
    const draft = fastDraft({ listIds: [listId], numberIds: [n.id] });
    draft.pacing = { ...draft.pacing, minDelaySec: 600, maxDelaySec: 600 };
    const c = await call('campaigns.create', { draft });
    await call('campaigns.start', { id: c.id });
    await expect(call('numbers.remove', { id: n.id })).rejects.toMatchObject({ code: 'numbers.in_use' });
    await call('campaigns.pause', { id: c.id });
    await call('numbers.remove', { id: n.id });
    expect(await call('numbers.list')).toEqual([]);
  });

  it('a simulated reply "SAIR" opts the contact out; the list exports as CSV', async () => {
    start();
    const n = await call('numbers.addSimulator', {});
    await until(async () => (await call('numbers.list'))[0].status === 'connected');
    seedContacts(core!.context.db, { count: 2 });
    await call('numbers.simulateReply', { id: n.id, phone: testPhone(1), text: 'PARAR' });
    const list = await call('optOuts.list');
    expect(list).toMatchObject({ total: 1, rows: [{ phone: testPhone(1), keyword: 'PARAR' }] });
    const csv = await call('optOuts.exportCsv');
    expect(csv.fileName).toMatch(/^recado-descadastros-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.csv.startsWith('\uFEFFtelefone;nome;data_saida;origem;palavra\r\n')).toBe(true);
    expect(csv.csv).toContain(`${testPhone(1)};Cliente 1;`);
    expect(csv.csv).toContain(';Resposta;PARAR');
    await expect(call('numbers.simulateReply', { id: 999, phone: testPhone(1), text: 'x' })).rejects.toMatchObject({ code: 'numbers.not_found' });
  });

  it('engine settings: custom opt-out keywords are honoured', async () => {
    start();
    const settings = await call('campaignEngine.settings');
    expect(settings.optOutKeywords).toContain('SAIR');
    expect(settings.maxConsecutiveFailures).toBe(5);
    await call('campaignEngine.updateSettings', { optOutKeywords: ['REMOVER'] });
    const n = await call('numbers.addSimulator', {});
    await until(async () => (await call('numbers.list'))[0].status === 'connected');
    seedContacts(core!.context.db, { count: 1 });
    await call('numbers.simulateReply', { id: n.id, phone: testPhone(0), text: 'sair' });
    expect((await call('optOuts.list')).total).toBe(0);
    await call('numbers.simulateReply', { id: n.id, phone: testPhone(0), text: 'Remover' });
    expect((await call('optOuts.list')).total).toBe(1);
  });

  it('closing the core mid-campaign leaves nothing in "sending" that was not handed to the channel', async () => {
    start();
    const n = await call('numbers.addSimulator', { behavior: { invalidProb: 0, failProb: 0, sendLatencyMs: [5, 5] } });
    await until(async () => (await call('numbers.list'))[0].status === 'connected');
    const { listId } = seedContacts(core!.context.db, { count: 50 });
    const c = await call('campaigns.create', { draft: fastDraft({ listIds: [listId], numberIds: [n.id] }) });
    await call('campaigns.start', { id: c.id });
    await new Promise((r) => setTimeout(r, 60));
    const dir = tmp!.dir;
    await core!.close();
    core = createCore({ dataDir: dir, mode: 'cli', logger: silentLogger() });
    const rows = core.context.db.prepare('SELECT state, message_id FROM deliveries').all() as Array<{ state: string; message_id: string | null }>;
    const ledger = new Set(readLedger(simulatorLedgerFor(dir, n.id)).map((e) => e.messageId));
    for (const r of rows) {
      if (r.state === 'sent') expect(ledger.has(r.message_id!)).toBe(true);
      if (r.state === 'queued') expect(r.message_id).toBeNull();
    }
    expect(rows.filter((r) => r.state === 'sending').length).toBeLessThanOrEqual(1);
  });
});

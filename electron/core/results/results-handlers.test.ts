import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../core';
import { silentLogger } from '../log/logger';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { fastDraft, seedContacts } from '../campaigns/engine/testing/fixtures';
import { coreCaller } from '../../../tests/helpers/core';

let core: Core | undefined;
let tmp: ReturnType<typeof makeTempDir> | undefined;
afterEach(async () => {
  await core?.close();
  tmp?.cleanup();
  core = undefined;
});

const call = coreCaller(() => core!);

describe('results over a running core', () => {
  it('a Simulator campaign: live events, replies, a closed deal and the report', async () => {
    vi.stubEnv('RECADO_AUTO_BACKUP', 'off');
    tmp = makeTempDir('recado-results-');
    core = createCore({ dataDir: tmp.dir, mode: 'desktop', logger: silentLogger() });
    const events: Array<{ name: string; payload: Record<string, unknown> }> = [];
    core.subscribe((name, payload) => events.push({ name, payload: payload as Record<string, unknown> }));

    const { listId } = seedContacts(core.context.db, { count: 8 });
    const number = await call('numbers.addSimulator', {
      label: 'Ensaio',
      behavior: { deliveredProb: 1, readProb: 1, replyProb: 1, optOutProb: 0, failProb: 0, invalidProb: 0, receiptDelayMs: [0, 5], replyDelayMs: [0, 5], sendLatencyMs: [0, 0], connectDelayMs: 0, replies: ['Quero saber mais'] },
    });
    const { id } = await call('campaigns.create', { draft: { ...fastDraft({ listIds: [listId], numberIds: [number.id] }), name: 'Ensaio' } });
    await call('campaigns.start', { id });

    await vi.waitFor(async () => {
      const r = await call('results.campaign', { id });
      expect(r.counters.read).toBe(8);
      expect(r.counters.replied).toBe(8);
    }, { timeout: 15_000, interval: 50 });

    const results = await call('results.campaign', { id });
    expect(results).toMatchObject({ simulated: true, reached: 8, rates: { read: 1, reply: 1, success: 1, conversion: 0 } });

    // Every delivery change was announced after the engine's progress event, with when it happened.
    await vi.waitFor(() => expect(events.some((e) => e.name === 'results.changed' && e.payload.reason === 'replies')).toBe(true));
    const first = events.findIndex((e) => e.name === 'results.changed' && e.payload.reason === 'deliveries');
    expect(first).toBeGreaterThan(0);
    expect(events[first - 1]).toMatchObject({ name: 'campaigns.progress', payload: { id } });
    expect(events[first].payload.campaignId).toBe(id);
    expect(typeof events[first].payload.changedAt).toBe('number');

    const replies = await call('replies.list', { campaignId: id });
    expect(replies.total).toBe(8);
    expect(replies.rows[0]).toMatchObject({ text: 'Quero saber mais', simulated: true, numberLabel: 'Ensaio', dealClosed: false });
    expect(replies.rows[0].prompt).toMatch(/^(Olá|Oi) /);

    const deal = await call('deals.add', { inboundId: replies.rows[0].id });
    expect(deal).toMatchObject({ campaignId: id, closedDeals: 1, dealClosed: true });
    await vi.waitFor(() => expect(events.some((e) => e.name === 'results.changed' && e.payload.reason === 'deals' && e.payload.campaignId === id)).toBe(true));
    expect((await call('results.campaign', { id })).rates.conversion).toBeCloseTo(1 / 8);
    await expect(call('deals.add', { inboundId: replies.rows[0].id })).rejects.toMatchObject({ code: 'deals.already_closed' });

    const report = await call('reports.campaign', { id, format: 'csv' });
    expect(report).toMatchObject({ status: 'saved', rows: 8 });
    if (report.status !== 'saved') throw new Error('expected a saved report');
    expect(report.fileName).toMatch(/-SIMULADO\.csv$/);
    expect(fs.readFileSync(report.file, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(9);
    expect(await call('reports.fileName', { id, format: 'xlsx' })).toEqual({ fileName: report.fileName.replace(/\.csv$/, '.xlsx') });

    // Desktop: the main process adds the path the user chose in the save dialog.
    const chosen = path.join(tmp.dir, 'Documentos', 'relatorio');
    fs.mkdirSync(path.dirname(chosen), { recursive: true });
    const saved = await call('reports.campaign', { id, format: 'csv', target: chosen });
    expect(saved).toMatchObject({ status: 'saved', file: `${chosen}.csv`, fileName: 'relatorio.csv', rows: 8 });
    expect(fs.readFileSync(`${chosen}.csv`, 'utf8').split('\r\n').filter(Boolean)).toHaveLength(9);
    await expect(call('reports.campaign', { id, format: 'csv', target: 'relativo.csv' })).rejects.toMatchObject({ code: 'files.target_not_allowed' });

    const dash = await call('results.dashboard', { range: 'today' });
    expect(dash.sent.today).toBe(8);
    expect(dash.inRange).toMatchObject({ replied: 8, closedDeals: 1 });
    vi.unstubAllEnvs();
  });

  it('errors carry a code and a pt-BR message', async () => {
    tmp = makeTempDir('recado-results-');
    core = createCore({ dataDir: tmp.dir, mode: 'cli', logger: silentLogger() });
    await expect(call('results.campaign', { id: 42 })).rejects.toMatchObject({ code: 'campaigns.not_found', message: expect.stringContaining('não existe mais') });
    await expect(call('results.dashboard', { range: 'custom', from: '2025-01-10', to: '2025-01-01' })).rejects.toMatchObject({ code: 'results.invalid_range' });
    await expect(call('deals.remove', {})).rejects.toMatchObject({ code: 'deals.target_required' });
  });
});

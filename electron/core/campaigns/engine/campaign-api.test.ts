import { describe, expect, it, vi } from 'vitest';
import type { SimulatorBehaviorInput } from '../../../../shared/api/methods/numbers';
import { useTempCore } from '../../../../tests/helpers/core';
import { fastDraft, seedContacts, testPhone } from './testing/fixtures';

// What the old API-driven end-to-end test covered, through the API the renderer uses: a
// campaign on a simulated number with "digitando…", paused midway, a queued contact opting out
// meanwhile, resumed to the end; then cancelling another one midway. The journeys in tests/e2e
// walk the same by clicks.

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');
const t = useTempCore({ prefix: 'recado-campaign-api-' });
const QUIET: SimulatorBehaviorInput = { deliveredProb: 1, readProb: 0, replyProb: 0, optOutProb: 0, failProb: 0, invalidProb: 0, sendLatencyMs: [0, 0], connectDelayMs: 0 };

async function setup(count: number, pacing: Partial<ReturnType<typeof fastDraft>['pacing']>) {
  const { listId } = seedContacts(t.core.context.db, { list: 'Clientes VIP', count });
  const number = await t.call('numbers.addSimulator', { behavior: QUIET });
  const draft = fastDraft({ listIds: [listId], numberIds: [number.id] });
  const { id } = await t.call('campaigns.create', { draft: { ...draft, pacing: { ...draft.pacing, ...pacing } } });
  return { id, numberId: number.id };
}

describe('a campaign through the API', () => {
  it('pauses midway, honours an opt-out that arrives while paused, resumes and finishes', async () => {
    const { id, numberId } = await setup(6, { typing: true });
    await t.call('campaigns.start', { id });
    await vi.waitFor(async () => expect((await t.call('campaigns.runState', { id })).counters.sent).toBeGreaterThan(0), { timeout: 10_000, interval: 20 });
    const paused = await t.call('campaigns.pause', { id });
    expect(paused.status).toBe('paused');
    // The last contact, still queued, answers SAIR.
    await t.call('numbers.simulateReply', { id: numberId, phone: testPhone(5), text: 'Sair' });
    await t.call('campaigns.resume', { id });
    await vi.waitFor(async () => expect((await t.call('campaigns.runState', { id })).status).toBe('finished'), { timeout: 20_000, interval: 50 });

    const { counters } = await t.call('campaigns.runState', { id });
    expect(counters).toMatchObject({ total: 6, queued: 0, skipped: 1, cancelled: 0 });
    const skipped = await t.call('campaigns.deliveries', { id, states: ['skipped'] });
    expect(skipped.rows).toMatchObject([{ name: 'Cliente 5', state: 'skipped', errorReason: 'O contato pediu para não receber mais mensagens.' }]);
    const results = await t.call('results.campaign', { id });
    expect(results.progress).toEqual({ done: 5, total: 6, fraction: 5 / 6 });

    const optOuts = await t.call('optOuts.list');
    expect(optOuts.rows).toMatchObject([{ name: 'Cliente 5', source: 'reply', keyword: 'SAIR' }]);
    const csv = await t.call('optOuts.exportCsv');
    expect(csv.csv.replace(/^\ufeff/, '').split('\r\n')[0]).toBe('telefone;nome;data_saida;origem;palavra');
  });

  it('refuses to start with half a batch pause (it would silently not pause), saying what is missing', async () => {
    const { id } = await setup(2, { batchEvery: 20, batchPauseMinutes: 0 });
    await expect(t.call('campaigns.start', { id })).rejects.toMatchObject({ code: 'campaigns.batch_incomplete', message: expect.stringContaining('a cada 20 mensagens está sem duração') });
    expect((await t.call('campaigns.runState', { id })).status).toBe('draft');
  });

  it('cancelled midway: what went out stays, the rest is cancelled and nothing waits in the queue', async () => {
    const { id } = await setup(8, { minDelaySec: 1, maxDelaySec: 1 });
    await t.call('campaigns.start', { id });
    await vi.waitFor(async () => expect((await t.call('campaigns.runState', { id })).counters.sent).toBeGreaterThanOrEqual(2), { timeout: 10_000, interval: 20 });
    await t.call('campaigns.cancel', { id });
    await vi.waitFor(async () => expect((await t.call('campaigns.runState', { id })).counters.sending).toBe(0), { timeout: 5_000, interval: 20 });
    const { status, counters } = await t.call('campaigns.runState', { id });
    expect(status).toBe('cancelled');
    const sent = counters.sent + counters.delivered + counters.read;
    expect(counters).toMatchObject({ queued: 0, skipped: 0 });
    expect(sent + counters.cancelled).toBe(8);
    expect((await t.call('campaigns.deliveries', { id, states: ['cancelled'] })).total).toBe(counters.cancelled);
    expect((await t.call('campaigns.deliveries', { id, states: ['queued'] })).total).toBe(0);
    const results = await t.call('results.campaign', { id });
    expect(results.progress).toEqual({ done: sent, total: 8, fraction: sent / 8 });
    expect(results.eta).toBeNull();
    await expect(t.call('campaigns.update', { id, draft: fastDraft({ listIds: [], numberIds: [] }) })).rejects.toMatchObject({ code: 'campaigns.not_editable' });
    const copy = await t.call('campaigns.clone', { id });
    expect(copy).toMatchObject({ status: 'draft', draft: { name: 'Teste (cópia)' } });
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SimulatorBehaviorInput } from '../../../../shared/api/methods/numbers';
import { useTempCore } from '../../../../tests/helpers/core';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../../ai/testing/fake-openai-server';
import { AiService } from '../../ai/ai-service';
import { readLedger } from '../../channels/simulator';
import { simulatorLedgerFor } from '../../numbers/channel-registry';
import { fastDraft, seedContacts, testPhone } from '../../campaigns/engine/testing/fixtures';
import type { ConversationRow } from '../../../../shared/api/methods/conversations';

// The reply assistant in "automático" against the OpenAI-compatible stand-in, with the awkward
// models people really run: one that refuses, one that answers garbage, one that invents a
// price, a slow one. Each must end with the thread handed to a person ("precisa de você") and
// nothing sent to the contact; a good model answers from the description, once per message.

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');
const t = useTempCore({ prefix: 'recado-assistant-' });
const QUIET: SimulatorBehaviorInput = { deliveredProb: 0, readProb: 0, replyProb: 0, optOutProb: 0, failProb: 0, invalidProb: 0, sendLatencyMs: [0, 0], receiptDelayMs: [0, 0], connectDelayMs: 0 };
const DESCRIPTION = 'Bolo de pote de chocolate: R$ 12,00. Abrimos de segunda a sábado, das 9h às 18h. Rua das Flores, 10.';
const ALWAYS = { days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00' };

let fake: FakeOpenAiServer;
beforeEach(async () => {
  // The slow model takes far longer than the assistant waits; its timer does not hold the process.
  fake = await startFakeOpenAiServer({ slowMs: 60_000 });
});
afterEach(async () => {
  await fake.close();
});

async function setUp(model: string, opts: { maxAuto?: number } = {}) {
  await t.call('ai.setConfig', { provider: 'custom', baseURL: fake.url, model });
  await t.call('assistant.setProfile', { description: DESCRIPTION, neverPromise: 'descontos' });
  const n = await t.call('numbers.addSimulator', { behavior: QUIET });
  await vi.waitFor(async () => expect((await t.call('numbers.list')).find((x) => x.id === n.id)?.status).toBe('connected'));
  await t.call('assistant.setSettings', { scope: { numberId: n.id }, settings: { mode: 'auto', maxAuto: opts.maxAuto ?? 3, window: ALWAYS } });
  return n.id;
}

const conv = () => t.core.services.conversations;

/** A contact writes; the assistant handles it (its quiet time skipped) before this returns. */
async function arrive(numberId: number, phone: string, text: string): Promise<ConversationRow> {
  await t.call('numbers.simulateReply', { id: numberId, phone, text });
  let row: ConversationRow | undefined;
  await vi.waitFor(async () => {
    const list = await t.call('conversations.list', { filter: 'all' });
    row = list.rows.find((r) => r.lastPreview === text);
    expect(row).toBeDefined();
  });
  conv().assistant.flushTimers();
  await conv().assistant.idle();
  return (await t.call('conversations.list', { filter: 'all' })).rows.find((r) => r.id === row!.id)!;
}

const detail = (id: number) => t.call('conversations.get', { id });
const replies = async (id: number) => (await detail(id)).items.filter((i) => i.kind === 'reply');
const ledgerOf = (numberId: number) => readLedger(simulatorLedgerFor(t.dir, numberId));
const chatRequests = () => fake.requests.filter((r) => r.path === '/v1/chat/completions');

describe('reply assistant: automatic mode against the stand-in', () => {
  it('a good model answers from the description, marked as automatic, once per message', async () => {
    const numberId = await setUp('gpt-4o-mini');
    const row = await arrive(numberId, '+5511987650001', 'Quanto custa o bolo de pote?');
    const out = await replies(row.id);
    expect(out).toMatchObject([{ origin: 'auto', text: 'Custa R$ 12,00. Quer que eu separe para você?', state: 'sent' }]);
    expect(row.needsHuman).toBe(false);
    expect(ledgerOf(numberId)).toHaveLength(1);
    // The prompt carried the description and the contact's message.
    const body = chatRequests()[0]!.body;
    expect(body.messages[0].content).toContain(DESCRIPTION);
    expect(body.messages.at(-1)).toMatchObject({ role: 'user', content: 'Quanto custa o bolo de pote?' });
    // Handling the same message again (a replay) sends nothing more.
    conv().assistant.flushTimers();
    await conv().assistant.idle();
    expect(ledgerOf(numberId)).toHaveLength(1);
    expect((await detail(row.id)).assistant).toMatchObject({ mode: 'auto', scope: 'number', autoReplies: 1, maxAuto: 3 });
  });

  it.each([
    ['recusa', 'a model that refuses'],
    ['lixo', 'a model that answers garbage'],
    ['inventa-preco', 'a model that invents a price'],
  ])('%s (%s): the thread goes to a person, nothing is sent', async (model) => {
    const numberId = await setUp(model);
    const row = await arrive(numberId, '+5511987650002', 'Quanto custa o bolo de pote?');
    expect(row).toMatchObject({ needsHuman: true, handoffReason: 'unsure' });
    expect(chatRequests()).toHaveLength(1);
    expect(await replies(row.id)).toEqual([]);
    expect(ledgerOf(numberId)).toEqual([]);
    expect(await t.call('conversations.counts')).toMatchObject({ needsHuman: 1 });
    // The person is told (a notification that opens the thread), without the contact's words.
    const notes = await t.call('notifications.list');
    expect(notes.filter((n) => n.kind === 'conversation.handoff')).toMatchObject([{ route: `#/respostas/${row.id}`, params: { reason: 'unsure' } }]);
    expect(JSON.stringify(notes)).not.toContain('bolo');
    expect((await t.call('conversations.list', { filter: 'needs_human' })).total).toBe(1);
    // Handed over, it stays quiet for this contact until a person hands the thread back.
    await arrive(numberId, '+5511987650002', 'Oi? Alguém aí?');
    expect(chatRequests()).toHaveLength(1);
    expect(ledgerOf(numberId)).toEqual([]);
    // Nor does "Sugerir resposta" put its answer in the reply box.
    await expect(t.call('conversations.suggest', { id: row.id })).rejects.toMatchObject({ code: 'assistant.no_suggestion' });
    expect((await detail(row.id)).suggestion).toBeNull();
  });

  it('a slow model: past the deadline the thread goes to a person, nothing is sent, nothing hangs', async () => {
    const numberId = await setUp('lento');
    conv().assistant.useAi(new AiService(t.core.context), { answerTimeoutMs: 300 });
    const row = await arrive(numberId, '+5511987650003', 'Quanto custa o bolo de pote?');
    expect(row).toMatchObject({ needsHuman: true, handoffReason: 'ai_error' });
    expect(await replies(row.id)).toEqual([]);
    expect(ledgerOf(numberId)).toEqual([]);
    // The request reached the model (it was the wait that ended it); "Sugerir resposta" says so too.
    expect(chatRequests()).toHaveLength(1);
    await expect(t.call('conversations.suggest', { id: row.id })).rejects.toMatchObject({ code: 'assistant.timeout' });
  });

  it('a model that is down: the thread goes to a person', async () => {
    const numberId = await setUp('gpt-4o-mini');
    await fake.close();
    const row = await arrive(numberId, '+5511987650004', 'Vocês abrem no sábado?');
    expect(row).toMatchObject({ needsHuman: true, handoffReason: 'ai_error' });
    expect(ledgerOf(numberId)).toEqual([]);
    fake = await startFakeOpenAiServer();
  });

  it('asking for a person, negotiating or complaining hands over without asking the model', async () => {
    const numberId = await setUp('gpt-4o-mini');
    const a = await arrive(numberId, '+5511987650005', 'Quero falar com um atendente');
    const b = await arrive(numberId, '+5511987650006', 'Faz por 10 reais?');
    const c = await arrive(numberId, '+5511987650007', 'Meu pedido veio errado, que absurdo');
    expect([a.handoffReason, b.handoffReason, c.handoffReason]).toEqual(['asked_human', 'price', 'complaint']);
    expect(chatRequests()).toHaveLength(0);
    expect(ledgerOf(numberId)).toEqual([]);
  });

  it('answers at most N times per contact, then hands over', async () => {
    const numberId = await setUp('gpt-4o-mini', { maxAuto: 1 });
    const first = await arrive(numberId, '+5511987650008', 'Quanto custa o bolo de pote?');
    expect(await replies(first.id)).toHaveLength(1);
    const second = await arrive(numberId, '+5511987650008', 'E vocês abrem no sábado?');
    expect(second).toMatchObject({ needsHuman: true, handoffReason: 'limit' });
    expect(await replies(first.id)).toHaveLength(1);
    expect(ledgerOf(numberId)).toHaveLength(1);
  });

  it('never answers an opt-out (only the confirmation goes, once)', async () => {
    const numberId = await setUp('gpt-4o-mini');
    const row = await arrive(numberId, '+5511987650009', 'SAIR');
    expect(row.needsHuman).toBe(false);
    expect(chatRequests()).toHaveLength(0);
    expect(await replies(row.id)).toEqual([]);
    expect(ledgerOf(numberId).length).toBeLessThanOrEqual(1);
  });

  it("counts each answer against the plan's AI limit; when it runs out, a person takes over", async () => {
    const numberId = await setUp('gpt-4o-mini');
    // Local servers are free; count them here so the trial's limit (5 a day) applies.
    conv().assistant.useAi(new AiService(t.core.context, { countLocal: true }));
    t.core.context.db.prepare('INSERT INTO ai_usage (day, count) VALUES (?, 4)').run(new Intl.DateTimeFormat('en-CA', { timeZone: t.core.context.settings.get().timeZone }).format(new Date()));
    const first = await arrive(numberId, '+5511987650010', 'Quanto custa o bolo de pote?');
    expect(await replies(first.id)).toHaveLength(1);
    expect(t.core.context.db.prepare<[], { count: number }>('SELECT count FROM ai_usage').get()?.count).toBe(5);
    // What the settings and the reply box show ("5 de 5 respostas de IA usadas no teste").
    expect(await t.call('assistant.usage')).toMatchObject({ today: 5, limit: 5, trial: true, plan: 'Avaliação' });
    const second = await arrive(numberId, '+5511987650011', 'Quanto custa o bolo de pote?');
    expect(second).toMatchObject({ needsHuman: true, handoffReason: 'ai_limit' });
    expect(chatRequests()).toHaveLength(1);
    expect(ledgerOf(numberId)).toHaveLength(1);
  });
});

describe('reply assistant: per campaign', () => {
  it("a campaign's assistant takes precedence over its number's; off, the number's applies", async () => {
    const numberId = await setUp('gpt-4o-mini');
    await t.call('assistant.setSettings', { scope: { numberId }, settings: { mode: 'suggest', maxAuto: 3, window: ALWAYS } });
    const { listId } = seedContacts(t.core.context.db, { list: 'Clientes', count: 2 });
    const draft = fastDraft({ listIds: [listId], numberIds: [numberId] });
    const { id: campaignId } = await t.call('campaigns.create', { draft: { ...draft, name: 'Bolos', schedule: { ...draft.schedule, ...ALWAYS } } });
    await t.call('campaigns.start', { id: campaignId });
    await vi.waitFor(async () => expect((await t.call('campaigns.runState', { id: campaignId })).status).toBe('finished'), { timeout: 10_000 });
    await t.call('assistant.setSettings', { scope: { campaignId }, settings: { mode: 'auto', maxAuto: 2, window: null } });
    expect((await t.call('assistant.overview')).campaigns).toContainEqual({
      id: campaignId,
      name: 'Bolos',
      settings: { mode: 'auto', maxAuto: 2, window: null },
    });
    const sentBefore = ledgerOf(numberId).length;

    // A reply to the campaign: the campaign's assistant answers by itself.
    const row = await arrive(numberId, testPhone(0), 'Quanto custa o bolo de pote?');
    expect(row.campaignId).toBe(campaignId);
    expect((await detail(row.id)).assistant).toMatchObject({ mode: 'auto', scope: 'campaign', maxAuto: 2 });
    expect(await replies(row.id)).toMatchObject([{ origin: 'auto', text: expect.stringContaining('R$ 12,00') }]);
    expect(ledgerOf(numberId)).toHaveLength(sentBefore + 1);

    // Someone outside the campaign who writes to the number: the number's assistant (sugerir).
    const stranger = await arrive(numberId, '+5511987650099', 'Quanto custa o bolo de pote?');
    const d = await detail(stranger.id);
    expect(d.assistant).toMatchObject({ mode: 'suggest', scope: 'number' });
    expect(d.suggestion).toContain('R$ 12,00');
    expect(await replies(stranger.id)).toEqual([]);

    // The campaign's assistant off: the number's applies to the campaign's contacts too.
    await t.call('assistant.setSettings', { scope: { campaignId }, settings: { mode: 'off', maxAuto: 2, window: null } });
    expect((await detail(row.id)).assistant).toMatchObject({ mode: 'suggest', scope: 'number' });
  });
});

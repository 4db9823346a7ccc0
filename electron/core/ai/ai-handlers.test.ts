import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../core';
import { silentLogger } from '../log/logger';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { seedList } from '../messages/test-fixtures';
import { startFakeOpenAiServer, SAMPLE_MESSAGES, type FakeOpenAiServer, type FakeScript } from './testing/fake-openai-server';
import { AiService } from './ai-service';
import { coreCaller } from '../../../tests/helpers/core';

let tmp: ReturnType<typeof makeTempDir>;
let core: Core;
let fake: FakeOpenAiServer;
let script: FakeScript | undefined;
const events: Array<{ name: string; payload: any }> = [];

beforeEach(async () => {
  tmp = makeTempDir();
  core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
  core.subscribe((name, payload) => events.push({ name, payload }));
  script = undefined;
  fake = await startFakeOpenAiServer({ script: (req, i) => script?.(req, i) });
});
afterEach(async () => {
  await core.close();
  await fake.close();
  tmp.cleanup();
  events.length = 0;
});

const call = coreCaller(() => core);

/** Resolves with the job's final event (ai.done or ai.failed). */
function finished(jobId: string) {
  return new Promise<{ name: string; payload: any }>((resolve) => {
    const check = () => events.find((e) => (e.name === 'ai.done' || e.name === 'ai.failed') && e.payload.jobId === jobId);
    const found = check();
    if (found) return resolve(found);
    const off = core.subscribe(() => {
      const hit = check();
      if (hit) {
        off();
        resolve(hit);
      }
    });
  });
}

const brief = { business: 'Loja de roupas femininas em Campinas', offer: 'Coleção de inverno', tone: 'amigável', goal: 'responder para ver o catálogo' };
const useFake = (model = 'gpt-4o-mini') => call('ai.setConfig', { provider: 'custom', baseURL: fake.url, model });

describe('AI settings', () => {
  it('stores provider, address and model; the key is kept but never returned', async () => {
    const initial = await call('ai.getConfig');
    expect(initial).toMatchObject({ config: { provider: 'openai', baseURL: null, model: null }, hasKey: false, resolved: { model: 'gpt-4o-mini', local: false } });
    expect(initial.presets.map((p: { id: string }) => p.id)).toEqual(['openai', 'ollama', 'lmstudio', 'custom']);

    await call('ai.setConfig', { provider: 'ollama', baseURL: null, model: 'llama3.1' });
    await call('secrets.set', { name: 'ai.apiKey', value: 'sk-super-secret-123' });
    const saved = await call('ai.getConfig');
    expect(saved).toMatchObject({ config: { provider: 'ollama', model: 'llama3.1' }, hasKey: true, resolved: { baseURL: 'http://127.0.0.1:11434/v1', local: true } });
    expect(JSON.stringify(saved)).not.toContain('sk-super-secret');

    await expect(call('ai.setConfig', { provider: 'custom', baseURL: 'ftp://x', model: null })).rejects.toMatchObject({ code: 'ai.invalid_url' });
  });

  it('"Testar conexão" reports success, and a missing model with the available ones', async () => {
    await useFake();
    expect(await call('ai.test')).toEqual({ ok: true, models: ['gpt-4o-mini', 'llama3.1:latest'], model: 'gpt-4o-mini' });
    await useFake('gpt-9');
    const bad = await call('ai.test');
    expect(bad).toMatchObject({ ok: false, error: { code: 'ai.model_not_found' } });
    if (bad.ok) throw new Error('the test passed');
    expect(bad.error.message).toContain('gpt-9');
  });

  it('asks for the key before calling OpenAI', async () => {
    await expect(call('ai.generate', { brief, count: 3 })).rejects.toMatchObject({ code: 'ai.no_key', message: expect.stringContaining('Configurações') });
  });
});

describe('AI generation', () => {
  it('streams variations as events and ends with linted results', async () => {
    await useFake();
    const { listId } = seedList(core.context.db, 'Clientes', [{ phone: '+5511987654321', name: 'Ana', fields: { Cidade: 'Campinas' } }]);
    const campaign = await call('campaigns.create', { draft: { name: 'Inverno', audience: { listIds: [listId], frequencyCapDays: 0 } } });

    const { jobId } = await call('ai.generate', { campaignId: campaign.id, brief, count: 3, jobId: 'job-stream-1' });
    expect(jobId).toBe('job-stream-1');
    const end = await finished(jobId);
    expect(end.name).toBe('ai.done');
    expect(end.payload.variations.map((v: { text: string }) => v.text)).toEqual(SAMPLE_MESSAGES.slice(0, 3));
    expect(end.payload.variations.every((v: { issues: unknown[] }) => Array.isArray(v.issues))).toBe(true);

    const deltas = events.filter((e) => e.name === 'ai.delta' && e.payload.jobId === jobId).map((e) => e.payload);
    expect(deltas.length).toBeGreaterThan(3);
    // The editor can fill in while the answer arrives: first one message, later all three.
    expect(deltas.some((d) => d.partial.length === 1)).toBe(true);
    expect(deltas[deltas.length - 1].partial).toEqual(SAMPLE_MESSAGES.slice(0, 3));

    const req = fake.requests.find((r) => r.path === '/v1/chat/completions')!;
    expect(req.body).toMatchObject({ model: 'gpt-4o-mini', stream: true });
    const prompt = req.body.messages[1].content as string;
    expect(prompt).toContain('Loja de roupas femininas em Campinas');
    expect(prompt).toContain('{cidade}'); // a column of the campaign's list
  });

  it('reports failures in pt-BR as ai.failed', async () => {
    await useFake();
    script = (req) => (req.path === '/v1/chat/completions' ? { type: 'error', status: 401, message: 'bad key', code: 'invalid_api_key' } : undefined);
    const { jobId } = await call('ai.generate', { brief, count: 2 });
    const end = await finished(jobId);
    expect(end).toMatchObject({ name: 'ai.failed', payload: { error: { code: 'ai.unauthorized', message: expect.stringContaining('chave de API') } } });
  });

  it('can be cancelled mid-stream', async () => {
    await useFake();
    script = (req) => (req.path === '/v1/chat/completions' ? { type: 'stall', content: '{"mensagens": ["Oi' } : undefined);
    const { jobId } = await call('ai.generate', { brief, count: 2, jobId: 'job-cancel-1' });
    await expect.poll(() => events.some((e) => e.name === 'ai.delta' && e.payload.jobId === jobId)).toBe(true);
    await call('ai.cancel', { jobId });
    const end = await finished(jobId);
    expect(end).toMatchObject({ name: 'ai.failed', payload: { error: { code: 'ai.cancelled' } } });
  });

  it('regenerates one variation and rewrites a message as spintax', async () => {
    await useFake();
    const r = await call('ai.regenerate', { brief, others: SAMPLE_MESSAGES.slice(0, 2), index: 1, jobId: 'job-regen-1' });
    expect(r).toMatchObject({ index: 1, text: expect.stringContaining('Faz tempo que não conversamos'), issues: [] });
    expect(events.some((e) => e.name === 'ai.delta' && e.payload.jobId === 'job-regen-1')).toBe(true);

    const s = await call('ai.toSpintax', { text: 'Tudo bem, {primeiro_nome}?' });
    expect(s).toMatchObject({ template: '{Oi|Olá|E aí}! Tudo bem, {primeiro_nome}?', combinations: 3 });
  });

  it('needs at least the business or the offer', async () => {
    await useFake();
    await expect(call('ai.generate', { brief: { business: ' ', offer: '', tone: '', goal: '' }, count: 1 })).rejects.toMatchObject({ code: 'ai.brief_empty' });
  });
});

describe('daily AI limit', () => {
  /** A remote-looking address served by the local fake, so the plan's limit applies. */
  function remoteService(): AiService {
    const fetchViaFake: typeof fetch = (input, init) => {
      const url = String(input instanceof Request ? input.url : input).replace('https://ai.example.test/v1', fake.url);
      return fetch(url, init);
    };
    return new AiService(core.context, { client: { fetch: fetchViaFake, maxRetries: 0 } });
  }

  it('counts remote generations per day, refuses past the plan limit, and ignores local servers', async () => {
    const limit = core.context.plan.current().limits.aiPerDay;
    await call('ai.setConfig', { provider: 'custom', baseURL: 'https://ai.example.test/v1', model: 'gpt-4o-mini' });
    const service = remoteService();
    const regen = () => service.regenerate({ brief, others: [], index: 0 });

    // A failed call does not use up the day's generations.
    script = () => ({ type: 'error', status: 429, message: 'slow down' });
    await expect(regen()).rejects.toMatchObject({ code: 'ai.rate_limited' });
    script = undefined;
    expect(service.usedToday()).toBe(0);

    for (let i = 0; i < limit; i++) await regen();
    expect(service.usedToday()).toBe(limit);
    expect((await call('ai.getConfig')).usage).toEqual({ today: limit, limit, counted: true });
    await expect(regen()).rejects.toMatchObject({ code: 'ai.daily_limit', message: expect.stringContaining(`${limit} gerações com IA por dia`) });
    await expect(call('ai.generate', { brief, count: 1 })).rejects.toMatchObject({ code: 'ai.daily_limit' });

    // The local server keeps working and is not counted.
    await useFake();
    expect((await call('ai.regenerate', { brief, others: [], index: 0 })).text).toBeTruthy();
    expect(service.usedToday()).toBe(limit);
    expect((await call('ai.getConfig')).usage.counted).toBe(false);
  });

  it('starts over on the next local day', async () => {
    await call('ai.setConfig', { provider: 'custom', baseURL: 'https://ai.example.test/v1', model: 'gpt-4o-mini' });
    let now = new Date('2025-03-10T12:00:00Z');
    const service = new AiService(core.context, {
      now: () => now,
      client: { fetch: (input, init) => fetch(String(input instanceof Request ? input.url : input).replace('https://ai.example.test/v1', fake.url), init) },
    });
    await service.regenerate({ brief, others: [], index: 0 });
    expect(service.usedToday()).toBe(1);
    // 02:30 UTC on the 11th is still the 10th in São Paulo.
    now = new Date('2025-03-11T02:30:00Z');
    expect(service.usedToday()).toBe(1);
    now = new Date('2025-03-11T03:30:00Z');
    expect(service.usedToday()).toBe(0);
  });
});

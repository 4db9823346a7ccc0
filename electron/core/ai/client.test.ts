import { afterEach, describe, expect, it } from 'vitest';
import { createAiClient, type AiClientOptions } from './client';
import { AiError } from './errors';
import type { CopyBrief } from './prompts';
import type { AiConfig } from './providers';
import {
  SAMPLE_MESSAGES,
  startFakeOpenAiServer,
  type FakeOpenAiServer,
  type FakeOpenAiServerOptions,
} from './testing/fake-openai-server';

const brief: CopyBrief = {
  business: 'Loja Flor de Lis, moda feminina em Campinas',
  offer: 'coleção de inverno chegou',
  tone: 'amigável',
  goal: 'pedir para a cliente responder e ver as fotos',
  count: 3,
  language: 'pt-BR',
};

let servers: FakeOpenAiServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function setup(
  serverOptions: FakeOpenAiServerOptions = {},
  config: Partial<AiConfig> = {},
  clientOptions: AiClientOptions = {},
) {
  const server = await startFakeOpenAiServer(serverOptions);
  servers.push(server);
  const ai = createAiClient(
    { provider: 'openai', baseURL: server.url, model: 'gpt-4o-mini', apiKey: 'sk-test', ...config },
    { maxRetries: 0, timeoutMs: 5_000, ...clientOptions },
  );
  return { server, ai };
}

/** Resolves to the AiError a promise rejected with. */
async function failure(p: Promise<unknown>): Promise<AiError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AiError);
    return err as AiError;
  }
  throw new Error('expected the call to fail');
}

describe('generateVariations', () => {
  it('streams a chat completion built from the brief and returns linted variations', async () => {
    const { server, ai } = await setup({ apiKey: 'sk-test' });
    const deltas: string[] = [];
    let lastText = '';
    const result = await ai.generateVariations(brief, {
      onDelta: (d, text) => {
        deltas.push(d);
        lastText = text;
      },
    });

    expect(result.variations.map((v) => v.text)).toEqual(SAMPLE_MESSAGES.slice(0, 3));
    expect(result.variations.every((v) => v.issues.length === 0)).toBe(true);
    expect(result.similarity.pairs).toHaveLength(3);

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe('Bearer sk-test');
    expect(req.body).toMatchObject({ model: 'gpt-4o-mini', stream: true });
    const [system, user] = req.body.messages;
    expect(system.role).toBe('system');
    expect(system.content).toContain('{primeiro_nome}');
    expect(system.content).toMatch(/Não invente preços/);
    expect(user.content).toContain('Loja Flor de Lis');
    expect(user.content).toContain('coleção de inverno chegou');
    expect(user.content).toContain('3 mensagens');

    // It really streamed: several pieces that add up to the whole answer.
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(lastText);
    expect(JSON.parse(lastText).mensagens).toHaveLength(3);
  });

  it('copes with fenced, numbered answers wrapped in chatter', async () => {
    const content = `Claro! Seguem:\n\n1. Oi {primeiro_nome}, tudo bem?\n2. Olá! Chegou a coleção nova.\n\nEspero que goste!`;
    const { ai } = await setup({ script: (r) => (r.path.endsWith('/completions') ? { type: 'completion', content } : undefined) });
    const result = await ai.generateVariations({ ...brief, count: 2 });
    expect(result.variations.map((v) => v.text)).toEqual(['Oi {primeiro_nome}, tudo bem?', 'Olá! Chegou a coleção nova.']);
  });

  it('uses what a plain-text model wrote and says which requested slots stayed empty and why', async () => {
    const { ai } = await setup({ plainTextModels: ['modelo-texto'], plainTextMaxItems: 3 }, { model: 'modelo-texto' });
    const three = await ai.generateVariations({ ...brief, count: 3 });
    expect(three.variations.map((v) => v.text)).toEqual(SAMPLE_MESSAGES.slice(0, 3));
    expect(three).toMatchObject({ requested: 3, gaps: [] });

    const five = await ai.generateVariations({ ...brief, count: 5 });
    expect(five.variations).toHaveLength(3);
    expect(five.gaps).toEqual([
      { index: 3, reason: 'fewer' },
      { index: 4, reason: 'fewer' },
    ]);
  });

  it('blames a repeated message, or an answer cut short, for the empty slots', async () => {
    let content = JSON.stringify({ mensagens: [SAMPLE_MESSAGES[0], SAMPLE_MESSAGES[0], SAMPLE_MESSAGES[1]] });
    let finishReason = 'stop';
    const { ai } = await setup({ script: (r) => (r.path.endsWith('/completions') ? { type: 'completion', content, finishReason } : undefined) });
    expect((await ai.generateVariations({ ...brief, count: 3 })).gaps).toEqual([{ index: 2, reason: 'duplicate' }]);

    content = `{"mensagens": [${JSON.stringify(SAMPLE_MESSAGES[0])}, "Olá, {primeiro_nome}! A segunda fic`;
    finishReason = 'length';
    const cut = await ai.generateVariations({ ...brief, count: 3 });
    expect(cut.variations).toHaveLength(1);
    expect(cut.gaps).toEqual([
      { index: 1, reason: 'truncated' },
      { index: 2, reason: 'truncated' },
    ]);
  });

  it('reports lint issues in what the model wrote', async () => {
    const content = JSON.stringify({ mensagens: ['Clique aqui e ganhe frete grátis, {apelido}!'] });
    const { ai } = await setup({ script: () => ({ type: 'completion', content }) });
    const [v] = (await ai.generateVariations({ ...brief, count: 1 })).variations;
    expect(v.issues.map((i) => i.code)).toEqual(
      expect.arrayContaining(['content.spam_word', 'variable.unknown']),
    );
  });

  it('asks for no more than 10 variations', async () => {
    const { server, ai } = await setup();
    const result = await ai.generateVariations({ ...brief, count: 50 });
    expect(server.requests[0].body.messages[1].content).toContain('10 mensagens');
    expect(result.variations).toHaveLength(10);
  });
});

describe('errors', () => {
  it('explains a missing key without calling the service', async () => {
    const { server, ai } = await setup({}, { apiKey: null });
    const err = await failure(ai.generateVariations(brief));
    expect(err.code).toBe('ai.no_key');
    expect(err.message).toMatch(/chave de API da OpenAI/);
    expect(server.requests).toHaveLength(0);
  });

  it('needs no key for a local server and sends a placeholder', async () => {
    const { server, ai } = await setup({}, { provider: 'ollama', apiKey: null, model: 'llama3.1' });
    await ai.generateVariations(brief);
    expect(server.requests[0].headers.authorization).toBe('Bearer not-needed');
  });

  it('maps 401 to ai.unauthorized', async () => {
    const { ai } = await setup({ apiKey: 'sk-right' }, { apiKey: 'sk-wrong' });
    const err = await failure(ai.generateVariations(brief));
    expect(err.code).toBe('ai.unauthorized');
    expect(err.message).toMatch(/recusou a chave/);
  });

  it('maps 429 to ai.rate_limited, telling quota apart from too many requests', async () => {
    const { ai } = await setup({ script: () => ({ type: 'error', status: 429, message: 'Rate limit reached' }) });
    const err = await failure(ai.generateVariations(brief));
    expect(err.code).toBe('ai.rate_limited');
    expect(err.message).toMatch(/Espere um minuto/);

    const quota = await setup({ script: () => ({ type: 'error', status: 429, code: 'insufficient_quota', message: 'You exceeded your current quota' }) });
    const err2 = await failure(quota.ai.generateVariations(brief));
    expect(err2.code).toBe('ai.rate_limited');
    expect(err2.message).toMatch(/sem créditos/);
  });

  it('retries a rate-limited request at most as often as configured', async () => {
    const { server, ai } = await setup(
      { script: () => ({ type: 'error', status: 429, headers: { 'retry-after-ms': '1' } }) },
      {},
      { maxRetries: 1 },
    );
    expect((await failure(ai.generateVariations(brief))).code).toBe('ai.rate_limited');
    expect(server.requests).toHaveLength(2);
  });

  it('times out when the server never answers', async () => {
    const { ai } = await setup({ script: () => ({ type: 'hang' }) }, {}, { timeoutMs: 150 });
    const err = await failure(ai.generateVariations(brief));
    expect(err.code).toBe('ai.timeout');
    expect(err.message).toMatch(/demorou demais/);
  });

  it('times out when a stream stalls halfway', async () => {
    const { ai } = await setup({ script: () => ({ type: 'stall', content: '{"mensagens": ["Oi' }) }, {}, { timeoutMs: 150 });
    const deltas: string[] = [];
    const err = await failure(ai.generateVariations(brief, { onDelta: (d) => deltas.push(d) }));
    expect(err.code).toBe('ai.timeout');
    expect(deltas.join('')).toBe('{"mensagens": ["Oi');
  });

  it('maps malformed responses to ai.bad_response', async () => {
    const cases = [
      { type: 'raw' as const, contentType: 'text/event-stream', body: 'data: {not json\n\n' },
      { type: 'raw' as const, body: '{"unexpected": true}' },
      { type: 'completion' as const, content: '' },
      { type: 'completion' as const, content: 'Desculpe, não posso ajudar com isso.' },
      { type: 'error' as const, status: 400, message: 'Invalid request' },
    ];
    for (const reply of cases) {
      const { ai } = await setup({ script: () => reply });
      const err = await failure(ai.generateVariations(brief));
      expect(err.code, JSON.stringify(reply)).toBe('ai.bad_response');
      expect(err.message).toMatch(/Tente de novo/);
    }
  });

  it('maps a 500 to ai.offline with advice to wait', async () => {
    const { ai } = await setup({ script: () => ({ type: 'error', status: 503, message: 'overloaded' }) });
    const err = await failure(ai.generateVariations(brief));
    expect(err.code).toBe('ai.offline');
    expect(err.message).toMatch(/erro 503/);
  });

  it('maps an unknown model (404) to ai.model_not_found naming the model', async () => {
    const { ai } = await setup({}, { model: 'gpt-9-turbo' });
    const err = await failure(ai.generateVariations(brief));
    expect(err.code).toBe('ai.model_not_found');
    expect(err.message).toContain('gpt-9-turbo');
  });

  it('suggests "ollama pull" when an Ollama model is missing', async () => {
    const { ai } = await setup(
      { script: () => ({ type: 'error', status: 404, message: 'model "qwen2.5" not found, try pulling it first' }) },
      { provider: 'ollama', model: 'qwen2.5', apiKey: null },
    );
    const err = await failure(ai.generateVariations(brief));
    expect(err.code).toBe('ai.model_not_found');
    expect(err.message).toContain('ollama pull qwen2.5');
  });

  it('maps connection refused to ai.offline, worded for local and cloud services', async () => {
    const { server } = await setup();
    const deadUrl = server.url;
    await server.close();
    servers = [];

    const local = createAiClient({ provider: 'ollama', baseURL: deadUrl, model: 'llama3.1' }, { maxRetries: 0 });
    const err = await failure(local.generateVariations(brief));
    expect(err.code).toBe('ai.offline');
    expect(err.message).toMatch(/Ollama.*programa está aberto/);

    // A cloud address that cannot be reached (no real network call: the fetch fails like undici does).
    const unreachable: typeof fetch = async () => {
      throw new TypeError('fetch failed');
    };
    const cloud = createAiClient(
      { provider: 'openai', apiKey: 'sk', model: 'gpt-4o-mini' },
      { maxRetries: 0, fetch: unreachable },
    );
    const err2 = await failure(cloud.generateVariations(brief));
    expect(err2.code).toBe('ai.offline');
    expect(err2.message).toMatch(/Verifique sua internet/);
  });

  it('drops the connection → ai.offline', async () => {
    const { ai } = await setup({ script: () => ({ type: 'drop' }) });
    expect((await failure(ai.generateVariations(brief))).code).toBe('ai.offline');
  });
});

describe('cancelling', () => {
  it('stops a stream when the signal fires', async () => {
    const { ai } = await setup({ script: () => ({ type: 'stall', content: 'Oi' }) });
    const ctrl = new AbortController();
    const err = await failure(ai.generateVariations(brief, { signal: ctrl.signal, onDelta: () => ctrl.abort() }));
    expect(err.code).toBe('ai.cancelled');
  });

  it('cancels while waiting for the first byte', async () => {
    const ctrl = new AbortController();
    const { ai } = await setup({
      script: () => {
        queueMicrotask(() => ctrl.abort());
        return { type: 'hang' };
      },
    });
    expect((await failure(ai.generateVariations(brief, { signal: ctrl.signal }))).code).toBe('ai.cancelled');
  });

  it('does nothing when already cancelled', async () => {
    const { server, ai } = await setup();
    const ctrl = new AbortController();
    ctrl.abort();
    expect((await failure(ai.toSpintax('Oi', { signal: ctrl.signal }))).code).toBe('ai.cancelled');
    expect(server.requests).toHaveLength(0);
  });
});

describe('regenerateOne and toSpintax', () => {
  it('asks for one message different from the others', async () => {
    const { server, ai } = await setup();
    const others = ['Oi {primeiro_nome}, chegou a coleção de inverno!', 'Olá! Novidades na loja.'];
    const result = await ai.regenerateOne({ brief, others, index: 1 });
    expect(result.index).toBe(1);
    expect(result.text).toMatch(/\{primeiro_nome\}/);
    expect(result.issues).toEqual([]);
    expect(result.maxSimilarity).toBeGreaterThanOrEqual(0);
    expect(result.maxSimilarity).toBeLessThan(0.5);
    const user = server.requests[0].body.messages[1].content as string;
    expect(user).toContain('1. Oi {primeiro_nome}, chegou a coleção de inverno!');
    expect(user).toContain('2. Olá! Novidades na loja.');
    expect(user).toMatch(/UMA nova mensagem/);
    expect(server.requests[0].body.stream).toBe(true);
  });

  it('rewrites a message as a spin template and measures it', async () => {
    const { server, ai } = await setup();
    const result = await ai.toSpintax('Tudo bem, {primeiro_nome}? Chegou a coleção nova.');
    expect(result.template).toBe('{Oi|Olá|E aí}! Tudo bem, {primeiro_nome}? Chegou a coleção nova.');
    expect(result.combinations).toBe(3);
    expect(result.issues).toEqual([]);
    const [system, user] = server.requests[0].body.messages;
    expect(system.content).toContain('{opção A|opção B|opção C}');
    expect(user.content).toContain('Tudo bem, {primeiro_nome}? Chegou a coleção nova.');
  });

  it('passes lint issues of the produced template along', async () => {
    const { ai } = await setup({ script: () => ({ type: 'completion', content: '{"modelo": "{Oi|Olá {primeiro_nome}!"}' }) });
    const result = await ai.toSpintax('Olá {primeiro_nome}!');
    expect(result.issues.map((i) => i.code)).toContain('syntax.unbalanced_open');
  });
});

describe('testConnection', () => {
  it('lists models and confirms the configured one (Ollama tags included)', async () => {
    const { server, ai } = await setup({}, { provider: 'ollama', model: 'llama3.1', apiKey: null });
    const result = await ai.testConnection();
    expect(result).toEqual({ ok: true, models: ['gpt-4o-mini', 'llama3.1:latest'], model: 'llama3.1' });
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);
  });

  it('reports a missing model with the ones available', async () => {
    const { ai } = await setup({}, { model: 'gpt-9' });
    const result = await ai.testConnection();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('ai.model_not_found');
    expect(result.error.message).toContain('gpt-4o-mini');
    expect(result.models).toEqual(['gpt-4o-mini', 'llama3.1:latest']);
  });

  it('falls back to a one-token completion when the server has no model list', async () => {
    const { server, ai } = await setup({
      script: (r) => (r.path === '/v1/models' ? { type: 'error', status: 404, message: 'Not found' } : undefined),
    });
    const result = await ai.testConnection();
    expect(result.ok).toBe(true);
    expect(server.requests[1].body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 1 });
  });

  it('returns typed errors instead of throwing', async () => {
    expect(await (await setup({ apiKey: 'sk-right' }, { apiKey: 'bad' })).ai.testConnection()).toMatchObject({
      ok: false,
      error: { code: 'ai.unauthorized' },
    });
    expect(await (await setup({}, { apiKey: '' })).ai.testConnection()).toMatchObject({
      ok: false,
      error: { code: 'ai.no_key' },
    });
  });
});

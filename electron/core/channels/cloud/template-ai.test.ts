/**
 * "Escrever com IA" for a Cloud API template, through the whole core against the OpenAI-compatible
 * stand-in: the prompt carries the category's rules, a draft that breaks them (promotional words
 * in a utility template, a variable at the end) is sent back once with what to fix, and what the
 * model still gets wrong comes back as pt-BR problems instead of being submitted to Meta.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer, type FakeScript, type RecordedRequest } from '../../ai/testing/fake-openai-server';
import { cloudWorld, type CloudWorld } from './testing/harness';
import { parseTemplateAnswer, TEMPLATE_PROMPT_MARKER } from './template-ai';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
let fake: FakeOpenAiServer | null = null;
let script: FakeScript | undefined;
afterEach(async () => {
  await w?.close();
  await fake?.close();
  w = null;
  fake = null;
  script = undefined;
});


async function world(): Promise<{ w: CloudWorld; numberId: number; requests: () => RecordedRequest[] }> {
  fake = await startFakeOpenAiServer({ script: (req, i) => script?.(req, i) });
  w = await cloudWorld();
  const numberId = await w.addCloudNumber();
  await w.call('ai.setConfig', { provider: 'custom', baseURL: fake.url, model: 'gpt-4o-mini' });
  const f = fake;
  return { w, numberId, requests: () => f.requests.filter((r) => r.path.endsWith('/chat/completions')) };
}

const prompt = (r: RecordedRequest) => (r.body.messages as Array<{ role: string; content: string }>).map((m) => m.content).join('\n');

describe('drafting a template with the AI copy assistant', () => {
  it('asks with the utility rules and returns a draft the form accepts, with an example per variable', async () => {
    const { w, numberId, requests } = await world();
    const d = await w.call('cloud.draftTemplate', { id: numberId, category: 'UTILITY', brief: 'avisar que o pedido está pronto para retirar', header: true });
    expect(d).toEqual({
      header: 'Seu pedido está pronto',
      body: 'Olá {{1}}, seu pedido {{2}} está pronto para retirada na loja. Qualquer dúvida, é só responder esta mensagem.',
      footer: 'Mensagem automática',
      examples: { '1': 'Maria', '2': '4521' },
      problems: [],
    });
    expect(requests()).toHaveLength(1);
    const p = prompt(requests()[0]);
    expect(p.startsWith(TEMPLATE_PROMPT_MARKER)).toBe(true);
    expect(p).toContain('Padaria Pão Quente');
    expect(p).toContain('PROIBIDO qualquer tom promocional');
    expect(p).toContain('"desconto"');
    expect(p).toContain('{{1}}, {{2}}, {{3}}');
    expect(p).toContain('no máximo 1024 caracteres');
    expect(p).toContain('avisar que o pedido está pronto para retirar');
  });

  it('sends a draft that breaks the rules back once with what to fix, and says what is still wrong', async () => {
    const { w, numberId, requests } = await world();
    const promotional = JSON.stringify({ cabecalho: '', texto: 'Aproveite o desconto de hoje, {{1}}', rodape: '', exemplos: { '1': 'Maria' } });
    script = (_req, i) => (i === 0 ? { type: 'completion', content: `Claro! Segue:\n\`\`\`json\n${promotional}\n\`\`\`` } : undefined);
    const fixed = await w.call('cloud.draftTemplate', { id: numberId, category: 'UTILITY', brief: 'pedido pronto', header: false });
    expect(requests()).toHaveLength(2);
    const second = prompt(requests()[1]);
    expect(second).toContain('A versão anterior quebrou estas regras');
    expect(second).toContain('"desconto" é linguagem promocional');
    expect(second).toContain('começam ou terminam com uma variável');
    expect(fixed.problems).toEqual([]);
    expect(fixed.body).not.toMatch(/desconto|aproveite/i);

    // A model that keeps breaking the rules: the form gets the problems, in pt-BR.
    script = () => ({ type: 'completion', content: promotional });
    const stubborn = await w.call('cloud.draftTemplate', { id: numberId, category: 'UTILITY', brief: 'pedido pronto', header: false });
    expect(stubborn.body).toBe('Aproveite o desconto de hoje, {{1}}');
    expect(stubborn.problems).toEqual([expect.stringContaining('A Meta recusa modelos que começam ou terminam com uma variável'), expect.stringContaining('"desconto" é linguagem promocional')]);

    // Nothing usable at all: a pt-BR error, not an empty form.
    script = () => ({ type: 'completion', content: 'Desculpe, não posso ajudar com isso.' });
    await expect(w.call('cloud.draftTemplate', { id: numberId, category: 'MARKETING', brief: 'promoção', header: false })).rejects.toMatchObject({ code: 'ai.bad_response', message: expect.stringContaining('escreva o texto') });
  });

  it('reads answers with chatter, other key names and examples as a list', () => {
    expect(parseTemplateAnswer('Aqui está: {"corpo": "Oi {{1}}, tudo certo.", "exemplos": ["Ana"]} Espero que ajude')).toEqual({ header: '', body: 'Oi {{1}}, tudo certo.', footer: '', examples: { '1': 'Ana' } });
    expect(parseTemplateAnswer('{"texto": ""}')).toBeNull();
    expect(parseTemplateAnswer('sem json')).toBeNull();
  });
});

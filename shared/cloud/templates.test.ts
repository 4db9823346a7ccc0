import { describe, expect, it } from 'vitest';
import { fillTemplate, headerMediaKind, paramProblem, resolveSlots, sendComponents, templateSlots, toTemplateName, type TemplateSpec } from './templates';
import { DEFAULT_RATE_TABLE, billingCategory, estimateCost, formatBrl, isBilled, rateTableProblems } from './pricing';

const promo: TemplateSpec = {
  id: '1',
  name: 'promo',
  language: 'pt_BR',
  category: 'MARKETING',
  parameterFormat: 'POSITIONAL',
  components: [
    { type: 'HEADER', format: 'TEXT', text: 'Novidade, {{1}}!', example: { header_text: ['Maria'] } },
    { type: 'BODY', text: 'Oi {{1}}, o pão de {{2}} saiu. {{1}}, corre!', example: { body_text: [['Maria', 'Pinheiros']] } },
    { type: 'FOOTER', text: 'Responda SAIR para sair.' },
    { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Quero' }, { type: 'URL', text: 'Ver', url: 'https://x.example/{{1}}', example: ['https://x.example/a'] }] },
  ],
};

const named: TemplateSpec = {
  id: '2',
  name: 'lembrete',
  language: 'pt_BR',
  category: 'UTILITY',
  parameterFormat: 'NAMED',
  components: [{ type: 'BODY', text: 'Olá {{nome}}, pedido {{pedido}}.', example: { body_text_named_params: [{ param_name: 'nome', example: 'Ana' }, { param_name: 'pedido', example: '12' }] } }],
};

const ctx = (fields: Record<string, string>, name = 'Maria Souza') => ({ contact: { name, phone: '+55 11 98765-4321', fields }, now: new Date('2026-12-01T12:00:00Z'), timeZone: 'America/Sao_Paulo' });

describe('template slots', () => {
  it('lists header, body (once per name) and URL button variables with Meta\'s examples', () => {
    expect(templateSlots(promo)).toEqual([
      { key: 'header.1', component: 'header', name: '1', example: 'Maria' },
      { key: 'body.1', component: 'body', name: '1', example: 'Maria' },
      { key: 'body.2', component: 'body', name: '2', example: 'Pinheiros' },
      { key: 'button.1.1', component: 'button', name: '1', buttonIndex: 1, example: 'https://x.example/a' },
    ]);
    expect(templateSlots(named).map((s) => [s.key, s.example])).toEqual([
      ['body.nome', 'Ana'],
      ['body.pedido', '12'],
    ]);
  });

  it('fills from contact fields, fallbacks and fixed text, and builds the send components', () => {
    const slots = templateSlots(promo);
    const { values, problems } = resolveSlots(
      slots,
      { 'header.1': { kind: 'field', field: 'primeiro_nome' }, 'body.1': { kind: 'field', field: 'primeiro_nome' }, 'body.2': { kind: 'field', field: 'bairro', fallback: 'sua região' }, 'button.1.1': { kind: 'text', value: 'natal' } },
      ctx({}),
    );
    expect(problems).toEqual([]);
    expect(values['body.2']).toBe('sua região');
    const filled = fillTemplate(promo, values);
    expect(filled.previewText).toBe('*Novidade, Maria!*\n\nOi Maria, o pão de sua região saiu. Maria, corre!\n\nResponda SAIR para sair.');
    expect(filled.buttons[1].url).toBe('https://x.example/natal');
    expect(sendComponents(promo, values)).toEqual([
      { type: 'header', parameters: [{ type: 'text', text: 'Maria' }] },
      { type: 'body', parameters: [{ type: 'text', text: 'Maria' }, { type: 'text', text: 'sua região' }] },
      { type: 'button', sub_type: 'url', index: '1', parameters: [{ type: 'text', text: 'natal' }] },
    ]);
  });

  it('named templates send parameter_name; media headers send the uploaded id', () => {
    const { values } = resolveSlots(templateSlots(named), { 'body.nome': { kind: 'field', field: 'nome' }, 'body.pedido': { kind: 'field', field: 'pedido' } }, ctx({ pedido: '77' }));
    expect(sendComponents(named, values)).toEqual([{ type: 'body', parameters: [{ type: 'text', parameter_name: 'nome', text: 'Maria Souza' }, { type: 'text', parameter_name: 'pedido', text: '77' }] }]);
    const media: TemplateSpec = { ...named, parameterFormat: 'POSITIONAL', components: [{ type: 'HEADER', format: 'IMAGE' }, { type: 'BODY', text: 'Oi' }] };
    expect(headerMediaKind(media)).toBe('image');
    expect(sendComponents(media, {}, 'MEDIA1')).toEqual([{ type: 'header', parameters: [{ type: 'image', image: { id: 'MEDIA1' } }] }]);
  });

  it('reports empty values, line breaks, long runs of spaces and lengths', () => {
    const { problems } = resolveSlots(templateSlots(named), { 'body.nome': { kind: 'field', field: 'apelido' } }, ctx({}));
    expect(problems.map((p) => [p.key, p.code])).toEqual([
      ['body.nome', 'empty'],
      ['body.pedido', 'empty'],
    ]);
    expect(paramProblem('body.1', 'a\nb')?.code).toBe('newline');
    expect(paramProblem('body.1', 'a     b')?.code).toBe('spaces');
    const long = fillTemplate(promo, { 'header.1': 'x'.repeat(60), 'body.1': 'a', 'body.2': 'b' });
    expect(long.problems.map((p) => p.key)).toEqual(['header']);
  });

  it('turns a title into a template name Meta accepts', () => {
    expect(toTemplateName('Promoção de Natal!')).toBe('promocao_de_natal');
  });
});

describe('pricing', () => {
  it('bills by category from the dated table, only regular (or billable) messages', () => {
    expect(billingCategory('marketing_lite')).toBe('marketing');
    expect(billingCategory('authentication_international')).toBe('authentication');
    expect(isBilled({ type: 'regular', billable: true })).toBe(true);
    expect(isBilled({ type: 'free_customer_service', billable: false })).toBe(false);
    expect(isBilled({ billable: true })).toBe(true);
    expect(estimateCost(DEFAULT_RATE_TABLE, 'MARKETING', 1000)).toBe(337.5);
    expect(formatBrl(0.3375, { perMessage: true })).toMatch(/R\$\s0,3375/);
    expect(rateTableProblems(DEFAULT_RATE_TABLE)).toEqual([]);
    expect(rateTableProblems({ ...DEFAULT_RATE_TABLE, effectiveFrom: '31/12', rates: { ...DEFAULT_RATE_TABLE.rates, marketing: -1 } })).toHaveLength(2);
  });
});

import { describe, expect, it } from 'vitest';
import { draftProblems, draftToGraph, EMPTY_TEMPLATE_DRAFT, type TemplateDraft } from './template-draft';

const ok: TemplateDraft = { ...EMPTY_TEMPLATE_DRAFT, name: 'pedido_pronto', category: 'UTILITY', header: 'Pedido {{1}}', body: 'Oi {{1}}, seu pedido {{2}} está pronto.', footer: 'Padaria Pão Quente', buttons: ['Obrigado', ''], examples: { '1': 'Maria', '2': '123' } };

describe('a template written by hand', () => {
  it('turns into Graph components with the examples Meta requires', () => {
    expect(draftProblems(ok)).toEqual([]);
    expect(draftToGraph(ok)).toEqual({
      name: 'pedido_pronto',
      language: 'pt_BR',
      category: 'UTILITY',
      parameterFormat: 'POSITIONAL',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}', example: { header_text: ['Maria'] } },
        { type: 'BODY', text: 'Oi {{1}}, seu pedido {{2}} está pronto.', example: { body_text: [['Maria', '123']] } },
        { type: 'FOOTER', text: 'Padaria Pão Quente' },
        { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Obrigado' }] },
      ],
    });
  });

  it("says what Meta's review would reject, in pt-BR", () => {
    const fields = (d: Partial<TemplateDraft>) => draftProblems({ ...ok, ...d }).map((p) => p.field);
    expect(fields({ name: 'Pedido Pronto' })).toEqual(['name']);
    expect(fields({ body: '{{1}}, seu pedido {{2}} está pronto.' })).toEqual(['body']);
    expect(fields({ body: 'Oi {{1}}, seu pedido {{3}} está pronto.', examples: { '1': 'a', '3': 'b' } })).toEqual(['body']);
    expect(fields({ examples: { '1': 'Maria' } })).toEqual(['example.2']);
    expect(fields({ footer: 'Oi {{1}}' })).toEqual(['footer']);
    expect(fields({ buttons: ['a', 'b', 'c', 'd'] })).toEqual(['buttons']);
    const promo = draftProblems({ ...ok, body: 'Oi {{1}}, aproveite o desconto no pedido {{2}} hoje.' });
    expect(promo).toEqual([expect.objectContaining({ field: 'category', warning: true })]);
    expect(draftProblems({ ...ok, category: 'MARKETING', body: 'Oi {{1}}, aproveite o desconto no pedido {{2}} hoje.' })).toEqual([]);
  });
});

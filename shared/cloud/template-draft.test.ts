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

describe('link and call buttons', () => {
  const withButtons: TemplateDraft = {
    ...ok,
    urlButton: { text: 'Ver pedido', url: 'https://padaria.example/pedido/{{1}}', example: '123' },
    phoneButton: { text: 'Ligar para a loja', phone: '(11) 4000-1234' },
  };

  it("go in Graph's create-template shape after the quick replies: URL with its example, PHONE_NUMBER in international digits", () => {
    expect(draftProblems(withButtons)).toEqual([]);
    expect(draftToGraph(withButtons).components.at(-1)).toEqual({
      type: 'BUTTONS',
      buttons: [
        { type: 'QUICK_REPLY', text: 'Obrigado' },
        { type: 'URL', text: 'Ver pedido', url: 'https://padaria.example/pedido/{{1}}', example: ['https://padaria.example/pedido/123'] },
        { type: 'PHONE_NUMBER', text: 'Ligar para a loja', phone_number: '551140001234' },
      ],
    });
    // A fixed link needs no example; empty buttons are not sent.
    const fixed = draftToGraph({ ...ok, buttons: [], urlButton: { text: 'Cardápio', url: 'https://padaria.example/cardapio', example: '' }, phoneButton: { text: '', phone: '' } });
    expect(fixed.components.at(-1)).toEqual({ type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Cardápio', url: 'https://padaria.example/cardapio' }] });
  });

  it('are checked with pt-BR messages before Meta sees them', () => {
    const messages = (d: Partial<TemplateDraft>) => draftProblems({ ...withButtons, ...d }).map((p) => p.message);
    expect(messages({ urlButton: { text: 'Ver pedido', url: 'padaria.example/pedido', example: '' } })).toEqual([expect.stringContaining('começando com https://')]);
    expect(messages({ urlButton: { text: 'Ver pedido', url: 'https://padaria.example/{{1}}/detalhes', example: '1' } })).toEqual(['No link só cabe uma variável, {{1}}, no fim do endereço.']);
    expect(messages({ urlButton: { text: 'Ver pedido', url: 'https://padaria.example/p/{{1}}', example: ' ' } })).toEqual([expect.stringContaining('Dê um exemplo para o {{1}} do link')]);
    expect(messages({ urlButton: { text: '', url: 'https://padaria.example/p', example: '' } })).toEqual([expect.stringContaining('Escreva o texto do botão de link')]);
    expect(messages({ urlButton: { text: 'Veja aqui o seu pedido completo', url: 'https://padaria.example/p', example: '' } })).toEqual(['O texto do botão aceita até 25 caracteres.']);
    expect(messages({ phoneButton: { text: 'Ligar', phone: '4000' } })).toEqual([expect.stringContaining('Escreva o telefone do botão com DDD')]);
    expect(messages({ phoneButton: { text: '', phone: '(11) 4000-1234' } })).toEqual([expect.stringContaining('Escreva o texto do botão de ligar')]);
  });
});

describe('media headers in a template draft', () => {
  const photo = { sha256: 'a'.repeat(64), kind: 'image' as const, fileName: 'vitrine.png', mimeType: 'image/png', size: 2048 };
  it('asks for a sample of the header kind, in Meta’s formats, and sends only the format and the file ref', () => {
    const d: TemplateDraft = { ...ok, headerFormat: 'IMAGE', header: 'Pedido {{1}}', headerSample: null };
    expect(draftProblems(d).map((p) => p.message)).toEqual(['Escolha uma imagem de exemplo para o cabeçalho: a Meta pede um para revisar o modelo.']);
    expect(draftProblems({ ...d, headerSample: { ...photo, mimeType: 'image/webp', fileName: 'v.webp' } })[0].message).toContain('A API oficial aceita no cabeçalho só estes formatos: JPG, JPEG, PNG.');
    expect(draftProblems({ ...d, headerFormat: 'VIDEO', headerSample: photo })[0].message).toContain('pede um vídeo');
    // The typed text header no longer counts: its variable needs no example.
    expect(draftProblems({ ...d, headerSample: photo })).toEqual([]);
    const graph = draftToGraph({ ...d, headerSample: photo });
    expect(graph.components[0]).toEqual({ type: 'HEADER', format: 'IMAGE' });
    expect(graph.headerSample).toEqual({ sha256: photo.sha256 });
    expect(draftToGraph({ ...d, headerFormat: 'NONE', headerSample: photo })).not.toHaveProperty('headerSample');
    expect(draftToGraph({ ...d, headerFormat: 'NONE' }).components[0].type).toBe('BODY');
  });
});

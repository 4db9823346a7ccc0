import { describe, expect, it } from 'vitest';
import { hasBlockingIssues, lintTemplate, WHATSAPP_MAX_LENGTH } from './lint';
import { parseTemplate } from './parse';

const lint = (src: string, knownVariables: string[] = ['cidade']) => lintTemplate(src, { knownVariables });
const codes = (src: string, known?: string[]) => lint(src, known).map((i) => i.code);

describe('parseTemplate', () => {
  it('builds spins, variables and fallbacks', () => {
    const { ast, errors } = parseTemplate('{Oi|Olá} {primeiro_nome:cliente}');
    expect(errors).toEqual([]);
    expect(ast.nodes.map((n) => n.type)).toEqual(['spin', 'text', 'variable']);
    const v = ast.nodes[2];
    expect(v.type === 'variable' && v.key).toBe('primeiro_nome');
    expect(v.type === 'variable' && v.fallback).toEqual([{ type: 'text', value: 'cliente', start: 24, end: 31 }]);
  });

  it('reports syntax problems with their position', () => {
    const src = 'Oi {nome, tudo bem';
    const { errors } = parseTemplate(src);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'syntax.unbalanced_open', severity: 'error', start: 3, end: 4 });
    expect(errors[0].message).toMatch(/nunca é fechada/);
  });
});

describe('lintTemplate', () => {
  it('accepts a clean template', () => {
    expect(lint('{Oi|Olá} {primeiro_nome}, {tudo bem|como vai}? Aqui é da loja em {cidade}.')).toEqual([]);
  });

  it('flags unknown variables as errors (warning when a fallback covers them)', () => {
    const issues = lint('Oi {cidde} e {bairro:vizinho}');
    expect(issues.map((i) => [i.code, i.severity])).toEqual([
      ['variable.unknown', 'error'],
      ['variable.unknown', 'warning'],
    ]);
    expect(issues[0]).toMatchObject({ start: 3, end: 10 });
    expect(issues[0].message).toContain('{cidde}');
    expect(issues[0].message).toContain('{primeiro_nome}');
  });

  it('knows built-ins and list columns whatever their case or accents', () => {
    expect(lint('{Saudação} {DATA} {dia_semana} {telefone} {Cidade}', [])).toHaveLength(1);
    expect(lint('{Saudação} {DATA} {dia_semana} {telefone} {Cidade}', ['CIDADE'])).toEqual([]);
  });

  it('flags unknown variables inside spins and fallbacks', () => {
    expect(codes('{Oi {x}|Olá}')).toEqual(['variable.unknown']);
    expect(codes('{nome:{y}}')).toEqual(['variable.unknown']);
  });

  it('flags unbalanced braces', () => {
    expect(codes('Oi {nome')).toEqual(['syntax.unbalanced_open']);
    expect(codes('Oi nome}')).toEqual(['syntax.unbalanced_close']);
  });

  it('flags empty options and empty braces', () => {
    const issues = lint('{a||b} {}');
    expect(issues.map((i) => i.code)).toEqual(['syntax.empty_option', 'syntax.empty_braces']);
    expect(issues[0]).toMatchObject({ start: 2, end: 4 });
    expect(codes('{|a}')).toEqual(['syntax.empty_option']);
  });

  it('flags braces that are neither a spin nor a variable', () => {
    expect(codes('{Oi, tudo bem?}')).toEqual(['syntax.not_a_variable']);
  });

  it('warns when a fallback was written inside a spin', () => {
    expect(codes('{primeiro_nome:cliente|amigo}')).toEqual(['variable.fallback_in_spin']);
    expect(codes('{Horário:9h|Horário:10h}')).toEqual([]);
  });

  it('checks the longest possible render against WhatsApp’s 4,096 characters', () => {
    const long = 'a'.repeat(3000);
    expect(codes(`{${long}|b}`)).toEqual([]);
    expect(codes(`{${long}|b} {${long}|c}`)).toEqual(['length.too_long']);
    expect(codes('x'.repeat(WHATSAPP_MAX_LENGTH))).toEqual([]);
    expect(lintTemplate('x'.repeat(WHATSAPP_MAX_LENGTH - 10), { knownVariables: [], reservedLength: 48 })[0].code).toBe(
      'length.too_long',
    );
    // Variables count with an estimated length.
    expect(codes('x'.repeat(WHATSAPP_MAX_LENGTH - 5) + '{nome}')).toEqual(['length.too_long']);
  });

  it('warns about more than one link per message, but not one link per option', () => {
    expect(codes('Veja https://loja.com.br/a')).toEqual([]);
    expect(codes('{Veja https://a.com|Acesse www.b.com.br}')).toEqual([]);
    const issues = lint('Veja https://a.com e wa.me/5511999990000');
    expect(issues.map((i) => i.code)).toEqual(['content.multiple_links']);
    expect('Veja https://a.com e wa.me/5511999990000'.slice(issues[0].start, issues[0].end)).toBe('wa.me/5511999990000');
    expect(codes('Preço: R$ 10.50, e-mail: oi@loja.com')).toEqual([]);
  });

  it('warns about words that spam filters dislike, case- and accent-insensitively', () => {
    const src = 'Frete GRATIS! Clique aqui, promoção imperdível, 100% garantido.';
    const issues = lint(src).filter((i) => i.code === 'content.spam_word');
    expect(issues.map((i) => src.slice(i.start, i.end))).toEqual([
      'GRATIS',
      'Clique aqui',
      'promoção imperdível',
      '100% garantido',
    ]);
    expect(issues.every((i) => i.severity === 'warning')).toBe(true);
    // Whole words only.
    expect(codes('Os ganhadores e a garantidora')).toEqual([]);
  });

  it('warns about shouting in capitals but allows acronyms', () => {
    expect(codes('Pague com PIX ou informe o CNPJ')).toEqual([]);
    const src = 'Oi! APROVEITE AGORA ESSA OFERTA';
    const issues = lint(src);
    expect(issues.map((i) => i.code)).toEqual(['content.all_caps']);
    expect(src.slice(issues[0].start, issues[0].end)).toBe('APROVEITE AGORA ESSA OFERTA');
  });

  it('warns about too many emoji in one message', () => {
    expect(codes('Oi 😀😀😀')).toEqual([]);
    expect(codes('Oi 😀😀😀😀🎉🎉🎉')).toEqual(['content.too_many_emoji']);
    expect(codes('{😀😀😀😀|🎉🎉🎉🎉}')).toEqual([]);
  });

  it('tells blocking issues from advice', () => {
    expect(hasBlockingIssues(lint('Ganhe já'))).toBe(false);
    expect(hasBlockingIssues(lint('Oi {x}'))).toBe(true);
  });
});

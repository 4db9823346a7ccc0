import { describe, expect, it } from 'vitest';
import { parseTemplate } from './parse';
import { renderTemplate } from './render';
import type { RenderContext } from './types';
import { firstName, timeValues } from './variables';

const ctx = (over: Partial<RenderContext['contact']> = {}, extra: Partial<RenderContext> = {}): RenderContext => ({
  contact: { name: 'MARIA DA SILVA', phone: '+55 11 99999-0000', fields: { Cidade: 'Campinas', empresa: '' }, ...over },
  // 10:00 in São Paulo (UTC-3), a Monday.
  now: new Date('2025-03-10T13:00:00Z'),
  timeZone: 'America/Sao_Paulo',
  ...extra,
});

const render = (src: string, c: RenderContext = ctx(), seed: number | string = 1) => renderTemplate(src, c, seed).text;

describe('variables', () => {
  it('fills name, first name, phone and custom fields', () => {
    expect(render('{nome} | {primeiro_nome} | {telefone} | {cidade}')).toBe(
      'MARIA DA SILVA | Maria | +55 11 99999-0000 | Campinas',
    );
  });

  it('looks names up case- and accent-insensitively, with double braces too', () => {
    expect(render('{NOME} {Primeiro Nome} {{cidade}} {CIDADE} {saudação}')).toBe(
      'MARIA DA SILVA Maria Campinas Campinas Bom dia',
    );
  });

  it('prefers an explicit firstName over the computed one', () => {
    expect(render('{primeiro_nome}', ctx({ firstName: 'Mari' }))).toBe('Mari');
  });

  it('uses the fallback only when the value is empty', () => {
    expect(render('Olá {empresa:cliente}!')).toBe('Olá cliente!');
    expect(render('Olá {cidade:cliente}!')).toBe('Olá Campinas!');
    expect(render('Olá {primeiro_nome: amigo }!', ctx({ name: '' }))).toBe('Olá amigo!');
  });

  it('lets a fallback contain a spin', () => {
    const outs = new Set<string>();
    for (let s = 0; s < 40; s++) outs.add(render('{empresa:{amigo|cliente}}', ctx(), s));
    expect(outs).toEqual(new Set(['amigo', 'cliente']));
  });

  it('renders empty values without leaving double spaces or spaces before punctuation', () => {
    expect(render('Olá {empresa}, tudo bem?')).toBe('Olá, tudo bem?');
    expect(render('Olá {empresa} tudo bem?')).toBe('Olá tudo bem?');
    expect(render('Bom dia, {empresa}!')).toBe('Bom dia!');
    expect(render('{empresa}, tudo bem?')).toBe('tudo bem?');
    expect(render('Até logo, {empresa}')).toBe('Até logo');
    expect(render('Oi {empresa}\nLinha 2')).toBe('Oi\nLinha 2');
  });

  it('keeps the user’s own spacing where nothing was empty', () => {
    expect(render('Preço:  R$ 10 :)')).toBe('Preço:  R$ 10 :)');
  });

  it('keeps unknown variables visible, or uses their fallback', () => {
    expect(render('Oi {cidde}')).toBe('Oi {cidde}');
    expect(render('Oi {apelido:amigo}')).toBe('Oi amigo');
  });

  it('renders list columns this contact lacks as empty when they are declared known', () => {
    expect(render('Oi {bairro}!', ctx({}, { knownVariables: ['Bairro'] }))).toBe('Oi!');
  });
});

describe('built-in time variables', () => {
  it('computes greeting, weekday and date in the given time zone', () => {
    expect(render('{saudacao}, hoje é {dia_semana}, {data}.')).toBe('Bom dia, hoje é segunda-feira, 10/03/2025.');
    // The same instant is 22:00 in Tokyo.
    expect(render('{saudacao} {dia_semana}', ctx({}, { timeZone: 'Asia/Tokyo' }))).toBe('Boa noite segunda-feira');
  });

  it('switches greeting at 05:00, 12:00 and 18:00 local time', () => {
    const at = (iso: string) => timeValues(new Date(iso), 'America/Sao_Paulo').saudacao;
    expect(at('2025-03-10T07:59:00Z')).toBe('Boa noite'); // 04:59
    expect(at('2025-03-10T08:00:00Z')).toBe('Bom dia'); // 05:00
    expect(at('2025-03-10T14:59:00Z')).toBe('Bom dia'); // 11:59
    expect(at('2025-03-10T15:00:00Z')).toBe('Boa tarde'); // 12:00
    expect(at('2025-03-10T20:59:00Z')).toBe('Boa tarde'); // 17:59
    expect(at('2025-03-10T21:00:00Z')).toBe('Boa noite'); // 18:00
  });

  it('formats the date as dd/mm/aaaa across a day boundary', () => {
    // 02:00Z on the 1st is still the 31st in São Paulo.
    expect(timeValues(new Date('2025-01-01T02:00:00Z'), 'America/Sao_Paulo')).toEqual({
      saudacao: 'Boa noite',
      dia_semana: 'terça-feira',
      data: '31/12/2024',
    });
  });

  it('survives an invalid time zone or date', () => {
    expect(render('{data}', ctx({}, { timeZone: 'Not/AZone' }))).toBe('10/03/2025');
    expect(render('Oi {data}!', ctx({}, { now: new Date(NaN) }))).toBe('Oi!');
  });
});

describe('spintax', () => {
  it('picks one option per spin, nested spins included', () => {
    const seen = new Set<string>();
    for (let s = 0; s < 200; s++) seen.add(render('{Oi|Olá} {tudo bem|{como vai|beleza}}?', ctx(), s));
    expect(seen).toEqual(
      new Set(['Oi tudo bem?', 'Oi como vai?', 'Oi beleza?', 'Olá tudo bem?', 'Olá como vai?', 'Olá beleza?']),
    );
  });

  it('is deterministic for a seed and reports the choices made', () => {
    const a = renderTemplate('{a|b|c} {d|e}', ctx(), 'contact-42');
    const b = renderTemplate('{a|b|c} {d|e}', ctx(), 'contact-42');
    expect(a).toEqual(b);
    expect(a.choices).toHaveLength(2);
    expect(a.text).toBe(`${'abc'[a.choices[0]]} ${'de'[a.choices[1]]}`);
  });

  it('renders an already-parsed AST the same as the source', () => {
    const src = '{Oi|Olá} {primeiro_nome}, {tudo bem|como vai}?';
    const { ast } = parseTemplate(src);
    for (let s = 0; s < 10; s++) expect(renderTemplate(ast, ctx(), s)).toEqual(renderTemplate(src, ctx(), s));
  });

  it('tidies around an empty option', () => {
    const outs = new Set<string>();
    for (let s = 0; s < 40; s++) outs.add(render('Oi {|querida} {primeiro_nome}!', ctx(), s));
    expect(outs).toEqual(new Set(['Oi Maria!', 'Oi querida Maria!']));
  });
});

describe('escapes and malformed input', () => {
  it('turns escapes into literal characters', () => {
    expect(render('\\{nome\\} \\| 50\\% a\\\\b \\: x')).toBe('{nome} | 50\\% a\\b : x');
  });

  it('escaped colon does not start a fallback', () => {
    expect(render('{a\\:b|c}', ctx(), 0)).toMatch(/^(a:b|c)$/);
  });

  it('renders malformed templates as sensible literal text', () => {
    expect(render('Oi {nome')).toBe('Oi {nome');
    expect(render('Oi nome}')).toBe('Oi nome}');
    expect(render('Oi {} {nome}')).toBe('Oi MARIA DA SILVA');
    expect(render('{Oi {primeiro_nome}}, tudo?')).toBe('Oi Maria, tudo?');
    expect(render('a | b : c')).toBe('a | b : c');
  });

  it('survives absurd nesting', () => {
    const deep = '{'.repeat(5000) + 'x' + '}'.repeat(5000);
    expect(() => renderTemplate(deep, ctx(), 1)).not.toThrow();
    expect(renderTemplate(deep, ctx(), 1).text).toContain('x');
  });
});

describe('firstName', () => {
  it.each([
    ['MARIA DA SILVA', 'Maria'],
    ['  joão-pedro souza', 'João-Pedro'],
    ['ana', 'Ana'],
    ['Dr. Carlos Alberto', 'Carlos'],
    ['"ÉRICA" Lima', 'Érica'],
    ['', ''],
    ['123', ''],
  ])('%s → %s', (input, expected) => {
    expect(firstName(input)).toBe(expected);
  });
});

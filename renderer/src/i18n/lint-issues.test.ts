import { describe, expect, it } from 'vitest';
import { lintTemplate } from '../../../shared/template/lint';
import { describeLintIssue } from './lint-issues';

const known = ['nome', 'primeiro_nome', 'cidade'];

describe('describeLintIssue', () => {
  const cases = [
    'Oi {nmoe}, tudo bem?',
    'Oi {nmoe:cliente}, tudo bem?',
    'Oi {a||b}',
    'Oi {} tudo',
    'Oi } tudo',
    'Oi { tudo',
    'PROMOÇÃO IMPERDÍVEL SÓ HOJE PARA VOCÊ',
    'Ganhe dinheiro fácil clique aqui',
    'Veja https://a.com e https://b.com',
    'Oi 😀😀😀😀😀😀😀😀😀',
    `Oi ${'a'.repeat(5000)}`,
    '{Oi|Olá} {cidade:|São Paulo}',
  ];

  it.each(cases)('"%s" is explained in English without Portuguese', (text) => {
    const issues = lintTemplate(text, { knownVariables: known });
    for (const issue of issues) {
      const en = describeLintIssue('en', issue, text, known);
      expect(en, issue.code).not.toBe(issue.message);
      expect(en, issue.code).not.toMatch(/\b(não|variação|mensagem|chaves|Escreva|Apague)\b/i);
    }
  });

  it('the cases above reach most lint codes', () => {
    const codes = new Set(cases.flatMap((text) => lintTemplate(text, { knownVariables: known }).map((i) => i.code)));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['content.all_caps', 'length.too_long', 'syntax.empty_braces', 'syntax.unbalanced_open', 'variable.unknown']));
    expect(codes.size).toBeGreaterThanOrEqual(8);
  });

  it('names the unknown variable and the known ones', () => {
    const text = 'Oi {nmoe}';
    const [issue] = lintTemplate(text, { knownVariables: known }).filter((i) => i.code === 'variable.unknown');
    expect(describeLintIssue('en', issue, text, known)).toMatch(/\{nmoe\}.*available: nome, primeiro_nome, cidade/);
  });

  it('keeps the pt-BR text in pt-BR', () => {
    const text = 'Oi {nmoe}';
    const [issue] = lintTemplate(text, { knownVariables: known });
    expect(describeLintIssue('pt-BR', issue, text, known)).toBe(issue.message);
  });
});

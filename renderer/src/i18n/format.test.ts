import { describe, expect, it } from 'vitest';
import { formatMessage, pluralCategory } from './format';
import { translatorFor } from './translate';

describe('formatMessage', () => {
  const contacts = '{count, plural, one {# contato} other {# contatos}}';

  it('inserts values and leaves unknown names visible', () => {
    expect(formatMessage('pt-BR', 'Olá, {name}!', { name: 'Ana' })).toBe('Olá, Ana!');
    expect(formatMessage('pt-BR', 'Campos viram variáveis, como {cidade}.', {})).toBe('Campos viram variáveis, como {cidade}.');
  });

  it('chooses the pt-BR plural form, with zero in the plural as Brazilians write it', () => {
    expect(formatMessage('pt-BR', contacts, { count: 1 })).toBe('1 contato');
    expect(formatMessage('pt-BR', contacts, { count: 2 })).toBe('2 contatos');
    expect(formatMessage('pt-BR', contacts, { count: 0 })).toBe('0 contatos');
    expect(formatMessage('pt-BR', contacts, { count: 1234 })).toBe('1.234 contatos');
  });

  it('reads counts passed already formatted', () => {
    expect(formatMessage('pt-BR', contacts, { count: '1' })).toBe('1 contato');
    expect(formatMessage('pt-BR', contacts, { count: '1.234' })).toBe('1.234 contatos');
    expect(formatMessage('en', '{count, plural, one {# contact} other {# contacts}}', { count: '1,234' })).toBe('1,234 contacts');
  });

  it('uses English rules in English', () => {
    const en = '{n, plural, one {# variation} other {# variations}}';
    expect(formatMessage('en', en, { n: 1 })).toBe('1 variation');
    expect(formatMessage('en', en, { n: 0 })).toBe('0 variations');
  });

  it('prefers an exact =N branch, and supports several plurals and values in one message', () => {
    const msg = '{n, plural, =0 {nenhuma resposta} one {# resposta de {who}} other {# respostas de {who}}} · {m, plural, one {# falha} other {# falhas}}';
    expect(formatMessage('pt-BR', msg, { n: 0, m: 1, who: 'Ana' })).toBe('nenhuma resposta · 1 falha');
    expect(formatMessage('pt-BR', msg, { n: 1, m: 3, who: 'Ana' })).toBe('1 resposta de Ana · 3 falhas');
  });

  it('selects by value, falling back to other', () => {
    const msg = '{kind, select, local {the program} other {the service}}';
    expect(formatMessage('en', msg, { kind: 'local' })).toBe('the program');
    expect(formatMessage('en', msg, { kind: 'openai' })).toBe('the service');
  });

  it('leaves a plural without its value as written instead of guessing', () => {
    expect(formatMessage('pt-BR', contacts)).toBe(contacts);
  });

  it('pluralCategory follows Intl.PluralRules except for zero', () => {
    expect(pluralCategory('pt-BR', 1)).toBe('one');
    expect(pluralCategory('pt-BR', 2)).toBe('other');
    expect(pluralCategory('pt-BR', 0)).toBe('other');
    expect(pluralCategory('en', 1)).toBe('one');
  });
});

describe('translatorFor', () => {
  it('returns the same function for a language, so effects depending on it do not re-run', () => {
    expect(translatorFor('pt-BR')).toBe(translatorFor('pt-BR'));
    expect(translatorFor('en')).toBe(translatorFor('en'));
    expect(translatorFor('en')).not.toBe(translatorFor('pt-BR'));
    expect(translatorFor('en')('nav.contacts')).toBe('Contacts');
  });
});

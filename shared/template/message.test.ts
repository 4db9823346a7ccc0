import { describe, expect, it } from 'vitest';
import { renderMessageText } from './message';
import { parseTemplate } from './parse';

const ctx = { contact: { name: 'Ana Souza', firstName: 'Ana' }, now: new Date('2026-03-02T12:00:00Z'), timeZone: 'America/Sao_Paulo' };

describe('renderMessageText', () => {
  it('renders the template for the contact and ends with the opt-out footer', () => {
    expect(renderMessageText('Oi {primeiro_nome}!', ctx, 1, { enabled: true, text: 'Responda SAIR.' })).toBe('Oi Ana!\n\nResponda SAIR.');
  });

  it('adds no footer for a group message or when opt-out is off', () => {
    expect(renderMessageText('Oi {primeiro_nome}!', ctx, 1, null)).toBe('Oi Ana!');
    expect(renderMessageText('Oi {primeiro_nome}!', ctx, 1, { enabled: false, text: 'Responda SAIR.' })).toBe('Oi Ana!');
  });

  it('gives the same text for the source and its parsed form with the same seed (preview = send)', () => {
    const source = '{Olá|Oi|E aí} {nome}, {tudo bem|como vai}?';
    for (const seed of ['c1:1', 'c1:2', 'c1:3', 7]) {
      expect(renderMessageText(parseTemplate(source).ast, ctx, seed, null)).toBe(renderMessageText(source, ctx, seed, null));
    }
  });
});

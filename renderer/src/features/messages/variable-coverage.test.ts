import { describe, expect, it } from 'vitest';
import { applyFallback, bareKeys, coverageWarnings } from './variable-coverage';

describe('variable coverage', () => {
  it('finds variables without a fallback, inside spins too', () => {
    expect(bareKeys(['{Oi|Olá} {primeiro_nome}! Novidades em {Cidade}', '{cidade:sua cidade} {valor}', '{Tchau|{até|até logo} {nome}}'])).toEqual([
      'cidade',
      'nome',
      'primeiro_nome',
      'valor',
    ]);
  });

  it('warns about a variable empty for part of the audience and fixes every bare use in one go', () => {
    const text = 'Oi {primeiro_nome}! Em {cidade} tem novidade. {Passe|Venha} na loja de {cidade}.';
    const coverage = { total: 61, variables: [{ key: 'cidade', empty: 50 }, { key: 'primeiro_nome', empty: 0 }] };
    expect(coverageWarnings(text, coverage)).toEqual([{ key: 'cidade', name: 'cidade', empty: 50, total: 61, fallback: 'sua cidade' }]);
    const fixed = applyFallback(text, 'cidade', 'sua cidade');
    expect(fixed).toBe('Oi {primeiro_nome}! Em {cidade:sua cidade} tem novidade. {Passe|Venha} na loja de {cidade:sua cidade}.');
    expect(coverageWarnings(fixed, coverage)).toEqual([]);
    expect(coverageWarnings(text, { total: 0, variables: [] })).toEqual([]);
    expect(coverageWarnings('{valor}', { total: 3, variables: [{ key: 'valor', empty: 3 }] })[0].fallback).toBeNull();
  });
});

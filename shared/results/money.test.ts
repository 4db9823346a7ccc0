import { describe, expect, it } from 'vitest';
import { formatReais, parseReais } from './money';

describe('parseReais', () => {
  it.each([
    ['1.250,00', 125_000],
    ['1250', 125_000],
    ['R$ 49,90', 4_990],
    ['49,9', 4_990],
    ['1.250', 125_000],
    ['1,250.00', 125_000],
    ['0,50', 50],
    ['2.000.000', 200_000_000],
  ])('reads %s', (input, cents) => expect(parseReais(input)).toEqual({ ok: true, cents }));

  it('leaves an empty value empty and says what is wrong otherwise', () => {
    expect(parseReais('  ')).toEqual({ ok: true, cents: null });
    expect(parseReais('-10')).toEqual({ ok: false, code: 'negative' });
    expect(parseReais('dez reais')).toEqual({ ok: false, code: 'invalid' });
    expect(parseReais('1.2.3,4,5')).toEqual({ ok: false, code: 'invalid' });
    expect(parseReais('999999999999')).toEqual({ ok: false, code: 'too_large' });
  });

  it('formats in the UI language', () => {
    expect(formatReais(125_000, 'pt-BR').replace(/\s/g, ' ')).toBe('R$ 1.250,00');
    expect(formatReais(4_990, 'en')).toBe('R$49.90');
  });
});

import { describe, expect, it } from 'vitest';
import { cleanText, firstNameOf } from './names';

/** cleanText as it was before its shortcut for tidy cells: the reference it must match. */
function reference(v: string, max = 500): string | null {
  let s = v;
  if (s.length > max) s = s.slice(0, max);
  s = s.trim();
  if (s === '') return null;
  // eslint-disable-next-line no-control-regex
  return /\s{2,}|[\x00-\x1f\x7f]/.test(s) ? s.replace(/[\s\x00-\x1f\x7f]+/g, ' ').trim() || null : s;
}

describe('cleanText', () => {
  it('gives the same text as the general path for tidy and untidy cells', () => {
    const pieces = ['Ana', 'Maria', 'da', 'João', 'Zoë', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u0085', '\u0000', '\u007f', '\u1680', '😀', 'Ñ', 'x', '-', '.'];
    let a = 7;
    const rnd = () => ((a = (a * 1103515245 + 12345) >>> 0) / 4294967296);
    for (let i = 0; i < 50_000; i++) {
      let s = '';
      const n = Math.floor(rnd() * 8);
      for (let k = 0; k < n; k++) s += pieces[Math.floor(rnd() * pieces.length)];
      expect(cleanText(s), JSON.stringify(s)).toBe(reference(s));
      expect(cleanText(s, 4), JSON.stringify(s)).toBe(reference(s, 4));
    }
  });

  it('keeps tidy names as they are and tidies the rest', () => {
    expect(cleanText('Maria da Silva')).toBe('Maria da Silva');
    expect(cleanText('  Maria   da\tSilva ')).toBe('Maria da Silva');
    expect(cleanText('Maria\u00a0Silva')).toBe('Maria\u00a0Silva');
    expect(cleanText(' \u00a0 ')).toBeNull();
    expect(cleanText(null)).toBeNull();
  });
});

describe('firstNameOf', () => {
  it('prints the first name as a person would write it, past any honorific', () => {
    const cases: Array<[string, string | null]> = [
      ['MARIA DA SILVA', 'Maria'],
      ['maria', 'Maria'],
      ['Sr. João Silva', 'João'],
      ['DRA. ANA PAULA', 'Ana'],
      ['dona Maria', 'Maria'],
      ['Seu Zé', 'Zé'],
      ['Prof Carlos', 'Carlos'],
      ['Mrs Smith', 'Smith'],
      ['Sra. Dra. Beatriz', 'Beatriz'],
      ['Dr', 'Dr'],
      ['Marta Souza', 'Marta'],
      ['Pedro', 'Pedro'],
      ['Srta', 'Srta'],
      ['McDonald Silva', 'McDonald'],
      [' ', null],
    ];
    for (const [name, first] of cases) expect(firstNameOf(name), name).toBe(first);
  });
});

import { describe, expect, it } from 'vitest';
import { stripAccents } from '../../../shared/template/normalize';
import { foldForSearch, searchTextOf } from './search-text';

describe('search folding', () => {
  it('folds like NFD + dropping marks for every Latin character, on its fast paths too', () => {
    for (let cp = 0x21; cp < 0x250; cp++) {
      const text = `a${String.fromCharCode(cp)}b`;
      expect(foldForSearch(text), `U+${cp.toString(16)}`).toBe(stripAccents(text.toLowerCase()));
    }
  });

  it('joins name and e-mail, collapses spaces and is null without either', () => {
    expect(searchTextOf('  MARIA   da Conceição ', 'Maria@Loja.COM')).toBe('maria da conceicao maria@loja.com');
    expect(searchTextOf(null, 'x@y.z')).toBe('x@y.z');
    expect(searchTextOf('', '  ')).toBeNull();
    expect(foldForSearch('Ærø Łódź')).toBe('ærø łodz');
  });
});

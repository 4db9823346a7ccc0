import { describe, expect, it } from 'vitest';
import { hostMatches, linksIn, rewriteText } from './rewrite';

describe('mirroring rewrite rules', () => {
  it('finds links without the punctuation around them', () => {
    expect(linksIn('Veja: https://loja.com/a?x=1. E (https://b.com/c)! http://c.com')).toEqual(['https://loja.com/a?x=1', 'https://b.com/c', 'http://c.com']);
    expect(linksIn('sem link aqui, só www.site.com')).toEqual([]);
  });

  it("replaces the affiliate tag with the user's own, only on the chosen site", () => {
    const text = 'Fone por R$ 99 👉 https://www.amazon.com.br/dp/B0X?tag=outro-20&psc=1 e https://shopee.com.br/p?tag=outro-20';
    const out = rewriteText(text, [{ kind: 'setParam', param: 'tag', value: 'minhaloja-20', host: 'amazon.com.br' }]);
    expect(out.text).toBe('Fone por R$ 99 👉 https://www.amazon.com.br/dp/B0X?psc=1&tag=minhaloja-20 e https://shopee.com.br/p?tag=outro-20');
    expect(out.links).toEqual(['https://www.amazon.com.br/dp/B0X?psc=1&tag=minhaloja-20', 'https://shopee.com.br/p?tag=outro-20']);
  });

  it('adds the tag to a link that had none, and leaves a link already right untouched', () => {
    const rules = [{ kind: 'setParam' as const, param: 'tag', value: 'eu-20', host: 'amazon.com.br' }];
    expect(rewriteText('https://amazon.com.br/dp/1', rules).text).toBe('https://amazon.com.br/dp/1?tag=eu-20');
    // Byte for byte the same (no re-encoding of a link that needs no change).
    expect(rewriteText('https://amazon.com.br/dp/1?q=a%20b&tag=eu-20', rules).text).toBe('https://amazon.com.br/dp/1?q=a%20b&tag=eu-20');
  });

  it('strips tracking parameters whatever their case, on every site when no site is given', () => {
    const out = rewriteText('Oferta https://a.com/x?utm_source=grupo&id=7&UTM_SOURCE=z, https://b.com/?utm_source=y', [{ kind: 'removeParam', param: 'utm_source' }]);
    expect(out.text).toBe('Oferta https://a.com/x?id=7, https://b.com/');
  });

  it('replaces text and URL fragments anywhere, in order, and an empty result means nothing to post', () => {
    const out = rewriteText('Cupom OUTRO10 em https://s.com/r/outro/p1', [
      { kind: 'replace', find: 'OUTRO10', replace: 'MEU10' },
      { kind: 'replace', find: '/r/outro/', replace: '/r/meu/' },
    ]);
    expect(out).toEqual({ text: 'Cupom MEU10 em https://s.com/r/meu/p1', links: ['https://s.com/r/meu/p1'] });
    expect(rewriteText('  Entrem no grupo do fulano  ', [{ kind: 'replace', find: 'Entrem no grupo do fulano', replace: '' }]).text).toBe('');
    expect(rewriteText('nada muda', []).text).toBe('nada muda');
  });

  it('matches a site and its subdomains only', () => {
    expect(hostMatches('www.amazon.com.br', 'amazon.com.br')).toBe(true);
    expect(hostMatches('amazon.com.br', 'https://www.amazon.com.br/')).toBe(true);
    expect(hostMatches('notamazon.com.br', 'amazon.com.br')).toBe(false);
    expect(hostMatches('anything.com', undefined)).toBe(true);
  });
});

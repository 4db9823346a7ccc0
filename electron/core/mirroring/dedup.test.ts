import { proto } from '@whiskeysockets/baileys';
import { describe, expect, it } from 'vitest';
import { contentHash, imageKey, normalizeLink, normalizeText } from './dedup';

const image = (sha: string, url = 'https://mmg.whatsapp.net/a') => ({
  ref: Buffer.from(proto.Message.ImageMessage.encode({ url, fileSha256: Buffer.from(sha), mediaKey: Buffer.from('k') }).finish()).toString('base64'),
  mimetype: 'image/jpeg',
});

describe('mirroring dedup keys', () => {
  it('the same offer written with other spacing or case has the same hash; another text does not', () => {
    expect(normalizeText('  Fone  BT\n\nR$ 99 ')).toBe('fone bt r$ 99');
    expect(contentHash('Fone BT R$ 99', null)).toBe(contentHash('fone bt\nR$ 99 ', null));
    expect(contentHash('Fone BT R$ 99', null)).not.toBe(contentHash('Fone BT R$ 89', null));
  });

  it('a photo counts by its file: the same picture uploaded again is the same, another picture is not', () => {
    expect(imageKey(image('abc', 'https://mmg/1'))).toBe(imageKey(image('abc', 'https://mmg/2')));
    expect(contentHash('Oferta', image('abc'))).toBe(contentHash('Oferta', image('abc', 'https://other')));
    expect(contentHash('Oferta', image('abc'))).not.toBe(contentHash('Oferta', image('xyz')));
    expect(contentHash('Oferta', image('abc'))).not.toBe(contentHash('Oferta', null));
  });

  it('links compare without scheme, www, fragment, trailing slash or parameter order', () => {
    const a = normalizeLink('https://www.Loja.com/p/1/?b=2&a=1#top');
    expect(a).toBe('loja.com/p/1?a=1&b=2');
    expect(normalizeLink('http://loja.com/p/1?a=1&b=2')).toBe(a);
    expect(normalizeLink('https://loja.com/p/2?a=1&b=2')).not.toBe(a);
    expect(normalizeLink('not a url')).toBe('not a url');
  });
});

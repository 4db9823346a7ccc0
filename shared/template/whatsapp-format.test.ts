import { describe, expect, it } from 'vitest';
import { parseWhatsAppFormatting as fmt, whatsAppPlainText } from './whatsapp-format';

const t = (text: string) => ({ type: 'text', text });

describe('parseWhatsAppFormatting', () => {
  it('parses bold, italic, strike and inline code', () => {
    expect(fmt('Oi *Maria*, _tudo_ ~certo~ `ok`?')).toEqual([
      t('Oi '),
      { type: 'bold', children: [t('Maria')] },
      t(', '),
      { type: 'italic', children: [t('tudo')] },
      t(' '),
      { type: 'strike', children: [t('certo')] },
      t(' '),
      { type: 'code', text: 'ok' },
      t('?'),
    ]);
  });

  it('nests styles within a line', () => {
    expect(fmt('*_oferta_*')).toEqual([{ type: 'bold', children: [{ type: 'italic', children: [t('oferta')] }] }]);
  });

  it('requires markers to hug non-space text', () => {
    expect(fmt('a * b * c')).toEqual([t('a * b * c')]);
    expect(fmt('*a *')).toEqual([t('*a *')]);
    expect(fmt('* a*')).toEqual([t('* a*')]);
  });

  it('ignores markers inside words', () => {
    expect(fmt('2*3*4 e primeiro_nome_aqui')).toEqual([t('2*3*4 e primeiro_nome_aqui')]);
  });

  it('does not carry a style across lines', () => {
    expect(fmt('*linha 1\nlinha 2*')).toEqual([t('*linha 1'), { type: 'newline' }, t('linha 2*')]);
  });

  it('keeps line breaks as tokens', () => {
    expect(fmt('a\n\nb')).toEqual([t('a'), { type: 'newline' }, { type: 'newline' }, t('b')]);
  });

  it('reads ``` blocks literally, across lines', () => {
    expect(fmt('Veja:\n```*x*\ny```!')).toEqual([t('Veja:'), { type: 'newline' }, { type: 'monospace', text: '*x*\ny' }, t('!')]);
    expect(fmt('``` sem fim')).toEqual([t('``` sem fim')]);
  });

  it('never loses text', () => {
    const src = 'Oi *Maria*, _veja_ ~isso~\n```code```';
    expect(whatsAppPlainText(fmt(src))).toBe('Oi Maria, veja isso\ncode');
    expect(fmt('')).toEqual([]);
  });
});

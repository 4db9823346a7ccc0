import { describe, expect, it } from 'vitest';
import { templateMetrics, textSimilarity, variationsSimilarity } from './metrics';
import { appendOptOut, DEFAULT_OPT_OUT_TEXT, optOutLength } from './opt-out';
import { pickVariation } from './variation';

describe('templateMetrics', () => {
  it('counts distinct combinations', () => {
    expect(templateMetrics('Oi {nome}').combinations).toBe(1);
    expect(templateMetrics('{a|b} {c|d|e}').combinations).toBe(6);
    expect(templateMetrics('{a|{b|c}} x').combinations).toBe(3);
    expect(templateMetrics('{a|a|b}').combinations).toBe(2);
  });

  it('saturates instead of overflowing', () => {
    expect(templateMetrics('{a|b}'.repeat(200)).combinations).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('calls a plain message too similar and a well-spun one varied', () => {
    const plain = templateMetrics('Oi {nome}, temos novidades na loja esta semana.');
    expect(plain).toMatchObject({ similarity: 1, tooSimilar: true });

    const spunStartOnly = templateMetrics(
      '{Oi|Olá} {nome}, temos novidades na loja esta semana, venha conferir as peças novas de inverno.',
    );
    expect(spunStartOnly.tooSimilar).toBe(true);

    const varied = templateMetrics(
      '{Oi|Olá|E aí} {primeiro_nome}, {tudo bem|como vai|tudo certo}? {Chegaram peças novas|Temos novidades|A coleção nova chegou} {na loja|aqui na loja|por aqui}. {Quer ver as fotos|Posso te mandar fotos|Quer dar uma olhada}?',
    );
    expect(varied.combinations).toBe(243);
    expect(varied.similarity).toBeLessThan(0.5);
    expect(varied.tooSimilar).toBe(false);
  });
});

describe('similarity', () => {
  it('is 1 for identical texts and 0 for unrelated ones, ignoring case and accents', () => {
    expect(textSimilarity('Olá, tudo bem com você?', 'ola tudo bem com VOCE')).toBe(1);
    expect(textSimilarity('bom dia meu amigo querido', 'as peças chegaram ontem cedo')).toBe(0);
  });

  it('flags campaign variations that are too alike', () => {
    const result = variationsSimilarity([
      'Oi {primeiro_nome}, chegaram peças novas na loja, quer ver as fotos?',
      'Oi {primeiro_nome}, chegaram peças novas na loja, quer ver umas fotos?',
      'Bom dia! Separei umas novidades da coleção de inverno pra você dar uma olhada.',
    ]);
    expect(result.pairs).toHaveLength(3);
    expect(result.tooSimilar.map((p) => [p.a, p.b])).toEqual([[0, 1]]);
    expect(result.max).toBeGreaterThan(0.5);
    expect(variationsSimilarity(['só uma']).pairs).toEqual([]);
  });
});

describe('pickVariation', () => {
  it('round robin cycles by the total sent', () => {
    expect([0, 1, 2, 3].map((t) => pickVariation('round_robin', [t, 0, 0], 'x'))).toEqual([0, 1, 2, 0]);
  });

  it('even picks the least used, spreading ties by seed', () => {
    expect(pickVariation('even', [5, 2, 9], 'a')).toBe(1);
    const picks = new Set<number>();
    for (let s = 0; s < 50; s++) picks.add(pickVariation('even', [3, 1, 1, 1], s));
    expect(picks).toEqual(new Set([1, 2, 3]));
  });

  it('random is deterministic per seed and covers every variation', () => {
    expect(pickVariation('random', [0, 0, 0], 'seed')).toBe(pickVariation('random', [0, 0, 0], 'seed'));
    const picks = new Set<number>();
    for (let s = 0; s < 100; s++) picks.add(pickVariation('random', [0, 0, 0, 0], s));
    expect(picks).toEqual(new Set([0, 1, 2, 3]));
  });

  it('returns -1 with no variations', () => {
    expect(pickVariation('even', [], 1)).toBe(-1);
  });
});

describe('opt-out footer', () => {
  it('appends the default footer as its own paragraph, once', () => {
    const once = appendOptOut('Oi Maria!\n', { enabled: true });
    expect(once).toBe(`Oi Maria!\n\n${DEFAULT_OPT_OUT_TEXT}`);
    expect(appendOptOut(once, { enabled: true })).toBe(once);
  });

  it('uses a custom text and does nothing when disabled', () => {
    expect(appendOptOut('Oi', { enabled: true, text: 'Digite PARAR para sair.' })).toBe('Oi\n\nDigite PARAR para sair.');
    expect(appendOptOut('Oi', { enabled: true, text: '   ' })).toBe(`Oi\n\n${DEFAULT_OPT_OUT_TEXT}`);
    expect(appendOptOut('Oi', { enabled: false })).toBe('Oi');
    expect(optOutLength({ enabled: false })).toBe(0);
    expect(optOutLength({ enabled: true })).toBe(DEFAULT_OPT_OUT_TEXT.length + 2);
  });
});

import { describe, expect, it } from 'vitest';
import { decideAutomatic, handoffTrigger, inventedPrices, percentsIn, pricesIn, type AutoContext } from './guards';
import { readDraft, readVerdict } from './prompt';

const ALWAYS = { timeZone: 'America/Sao_Paulo', days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', skipHolidays: { national: false } };
const NOW = Date.UTC(2026, 4, 13, 15, 0); // a Wednesday, 12:00 in São Paulo
const base: AutoContext = { optedOut: false, paused: false, autoReplies: 0, maxAuto: 3, window: ALWAYS, messageAt: NOW - 5_000, now: NOW, maxAgeMs: 30 * 60_000 };

describe('reply assistant guards: what needs a person', () => {
  it.each([
    ['Quero falar com um atendente', 'asked_human'],
    ['Você é um robô?', 'asked_human'],
    ['me liga por favor', 'asked_human'],
    ['Faz por 50?', 'price'],
    ['tem desconto pra pagamento à vista?', 'price'],
    ['Na outra loja está mais barato, consegue melhorar o preço?', 'price'],
    ['Péssimo atendimento, meu pedido não chegou', 'complaint'],
    ['Quero meu dinheiro de volta', 'complaint'],
    ['Vou no Procon', 'complaint'],
  ])('"%s" → %s', (text, reason) => {
    expect(handoffTrigger(text)).toBe(reason);
  });

  it.each(['Quanto custa o bolo de pote?', 'Vocês abrem no sábado?', 'Oi, tudo bem?', ''])('"%s" needs nobody', (text) => {
    expect(handoffTrigger(text)).toBeNull();
  });
});

describe('reply assistant guards: may it answer by itself', () => {
  it('answers inside the window, under the cap, a fresh message', () => {
    expect(decideAutomatic(base, null)).toEqual({ kind: 'answer' });
  });

  it('an opt-out is never answered, even when it also asks for a person', () => {
    expect(decideAutomatic({ ...base, optedOut: true }, 'asked_human')).toEqual({ kind: 'silent', why: 'opted_out' });
  });

  it('a thread a person took over stays quiet', () => {
    expect(decideAutomatic({ ...base, paused: true }, null)).toEqual({ kind: 'silent', why: 'paused' });
  });

  it('a trigger hands over before any limit is looked at', () => {
    expect(decideAutomatic({ ...base, autoReplies: 3 }, 'complaint')).toEqual({ kind: 'handoff', reason: 'complaint' });
  });

  it('outside its days and hours it does not answer', () => {
    const weekdays = { ...ALWAYS, days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };
    const sunday = Date.UTC(2026, 4, 17, 15, 0);
    expect(decideAutomatic({ ...base, window: weekdays, now: sunday, messageAt: sunday }, null)).toEqual({ kind: 'silent', why: 'outside_window' });
    const lateWednesday = Date.UTC(2026, 4, 13, 23, 30); // 20:30 in São Paulo
    expect(decideAutomatic({ ...base, window: weekdays, now: lateWednesday, messageAt: lateWednesday }, null)).toEqual({ kind: 'silent', why: 'outside_window' });
  });

  it('after N automatic answers to a contact, a person takes over', () => {
    expect(decideAutomatic({ ...base, autoReplies: 2 }, null)).toEqual({ kind: 'answer' });
    expect(decideAutomatic({ ...base, autoReplies: 3 }, null)).toEqual({ kind: 'handoff', reason: 'limit' });
  });

  it('a message replayed long after it was written is left to a person', () => {
    expect(decideAutomatic({ ...base, messageAt: NOW - 31 * 60_000 }, null)).toEqual({ kind: 'silent', why: 'too_old' });
  });
});

describe('reply assistant guards: invented prices', () => {
  it('reads the ways prices are written in Brazil', () => {
    expect(pricesIn('R$ 12,00 ou R$12 ou 12 reais')).toEqual([1200, 1200, 1200]);
    expect(pricesIn('Sai por R$ 1.250,90, à vista 30 conto')).toEqual([125090, 3000]);
    expect(pricesIn('Sai por 19,90 hoje')).toEqual([1990]);
    // Hours, quantities and phone numbers are not prices.
    expect(pricesIn('Abrimos das 9h às 18h, 2 unidades, ligue (11) 98765-4321')).toEqual([]);
    expect(percentsIn('10% de desconto, ou 5 por cento')).toEqual([10, 5]);
  });

  it('a price the description has is fine; one it lacks is invented', () => {
    const description = 'Bolo de pote de chocolate: R$ 12. Entrega: 5 reais.';
    expect(inventedPrices('Custa R$ 12,00 e a entrega R$ 5.', description)).toEqual([]);
    expect(inventedPrices('Claro! Sai por R$ 19,90 só hoje.', description)).toEqual([1990]);
    expect(inventedPrices('Hoje sai por 9,90', description)).toEqual([990]);
    expect(inventedPrices('Dou 10% de desconto', description)).toEqual([10]);
    expect(inventedPrices('Dou 10% de desconto', `${description} Pix tem 10% de desconto.`)).toEqual([]);
  });
});

describe('reply assistant: reading the model', () => {
  it('takes the JSON answer, even with chatter or a code fence around it', () => {
    expect(readVerdict('{"resposta": "Custa R$ 12,00.", "encaminhar": false, "motivo": null}', 'stop')).toEqual({ kind: 'answer', text: 'Custa R$ 12,00.' });
    expect(readVerdict('Claro!\n```json\n{"resposta": "Abrimos às 9h.", "encaminhar": false}\n```', 'stop')).toEqual({ kind: 'answer', text: 'Abrimos às 9h.' });
  });

  it('a handoff the model asks for keeps its reason', () => {
    expect(readVerdict('{"resposta": "", "encaminhar": true, "motivo": "preco"}', 'stop')).toEqual({ kind: 'handoff', reason: 'price' });
    expect(readVerdict('{"resposta": "", "encaminhar": true, "motivo": "???"}', 'stop')).toEqual({ kind: 'handoff', reason: 'unsure' });
  });

  it.each([
    ['a refusal', 'Desculpe, não posso ajudar com isso.', 'stop'],
    ['a refusal inside the JSON', '{"resposta": "As an AI I cannot help with that", "encaminhar": false}', 'stop'],
    ['garbage', '{"resposta": "Ol\u0000á ##@@ }}} <|endoftext|> \x1b[31m', 'stop'],
    ['broken JSON', '{"resposta": Custa 12}', 'stop'],
    ['an empty answer', '', 'stop'],
    ['an answer cut short', '{"resposta": "Custa R$ 12,00 e', 'length'],
    ['a JSON without an answer', '{"ok": true}', 'stop'],
    ['garbage inside valid JSON', JSON.stringify({ resposta: 'Olá \u0000 <|endoftext|>', encaminhar: false }), 'stop'],
  ])('%s means unsure', (_, raw, finish) => {
    expect(readVerdict(raw, finish)).toEqual({ kind: 'handoff', reason: 'unsure' });
  });

  it('a draft for a person may be plain text, never a refusal or garbage', () => {
    expect(readDraft('Abrimos de segunda a sábado, das 9h às 18h.')).toBe('Abrimos de segunda a sábado, das 9h às 18h.');
    expect(readDraft('Desculpe, não posso ajudar com isso.')).toBeNull();
    expect(readDraft('{"resposta": "Ol\u0000á ##@@ }}}')).toBeNull();
    expect(readDraft('Olá <|endoftext|> ##')).toBeNull();
    expect(readDraft('{"resposta": "", "encaminhar": true, "motivo": "pessoa"}')).toBeNull();
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fastBrKind, fastBrPhone } from './fast-br';
import { normalizePhoneLite } from './normalize';
import { formatPhoneLike } from '../../tests/fixtures/leads';
import { mulberry32 } from '../template/random';

/** Generated inputs per run; FAST_BR_CASES=5000000 for a longer search. */
const CASES = Number(process.env.FAST_BR_CASES ?? 100_000);


/** The fast path either declines (0) or agrees with the full normalizer in every field. */
function agrees(s: string): { handled: boolean; ok: boolean } {
  const fast = fastBrPhone(s);
  const full = normalizePhoneLite(s, 'BR');
  if (fast === 0) return { handled: false, ok: full.ok };
  if (!full.ok || full.e164 !== `+${fast}` || full.kind !== fastBrKind(fast) || full.country !== 'BR') {
    throw new Error(`fast path disagrees on ${JSON.stringify(s)}: fast ${fast}, full ${JSON.stringify(full)}`);
  }
  return { handled: true, ok: true };
}

/** Phones the way they are typed (and mistyped) in spreadsheets, with odd ones mixed in. */
function generator(seed: number): () => string {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T,>(xs: readonly T[]): T => xs[int(xs.length)];
  const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
  const seps = [' ', '-', '', '', '', ' - ', '.', '  '];
  const odd = ['\t', '\u00a0', '/', '+', 'x', 'E', ',', '.0', ';', 'ou', '(', ')', '0', '9', '\u2013', '*', '#'];
  return () => {
    const r = rnd();
    if (r < 0.1) {
      // Anything made of the characters the fast path scans.
      const chars = '0123456789 ()-+';
      return Array.from({ length: int(20) }, () => chars[int(chars.length)]).join('');
    }
    if (r < 0.15) {
      // Digits only, any length.
      return digits(int(17));
    }
    // DDD: usually real, sometimes not; the subscriber: 8 or 9 digits, any first digit.
    const ddd = rnd() < 0.85 ? pick(['11', '21', '31', '41', '51', '55', '61', '71', '81', '85', '91', '99', '19', '27', '47']) : digits(2);
    const sub = rnd() < 0.5 ? `9${digits(8)}` : rnd() < 0.8 ? digits(8) : digits(7 + int(4));
    const cut = 1 + int(sub.length - 1);
    const body = rnd() < 0.5 ? `${sub.slice(0, cut)}${pick(seps)}${sub.slice(cut)}` : sub;
    const area = pick([ddd, `(${ddd})`, `(${ddd}) `, `${ddd} `, `0${ddd} `, `(0${ddd}) `, `0 ${pick(['15', '21', '41', '12'])} ${ddd} `, `0${pick(['15', '21'])}${ddd}`]);
    const country = pick(['', '', '', '+55 ', '+55', '55', '55 ', '+55 (0', '+550', '00 55 ', '0055', '+ 55 ', '+351 ', '+1 ']);
    let s = `${country}${area}${body}`;
    if (rnd() < 0.15) s = `${' '.repeat(int(3))}${s}${' '.repeat(int(3))}`;
    if (rnd() < 0.08) {
      const at = int(s.length + 1);
      s = s.slice(0, at) + pick(odd) + s.slice(at);
    }
    if (rnd() < 0.02) s = '';
    return s;
  };
}

describe('fastBrPhone', () => {
  it('agrees with normalizePhoneLite on generated phones, typed and mistyped', () => {
    const next = generator(Number(process.env.FAST_BR_SEED ?? 17));
    let handled = 0;
    for (let i = 0; i < CASES; i++) if (agrees(next()).handled) handled++;
    // The generator must exercise the fast path, not only the fallback.
    expect(handled).toBeGreaterThan(CASES / 5);
  });

  it('takes every Brazilian phone in the formats spreadsheets have, except links', () => {
    const rnd = mulberry32(5);
    for (let i = 0; i < 20_000; i++) {
      const ddd = [11, 19, 21, 31, 41, 51, 61, 62, 71, 81, 85, 91][i % 12];
      const sub8 = String(6 + Math.floor(rnd() * 4)) + String(Math.floor(rnd() * 1e7)).padStart(7, '0');
      const s = formatPhoneLike(rnd, ddd, sub8);
      const r = agrees(s);
      if (!s.includes('wa.me')) expect(r.handled, s).toBe(true);
    }
  });

  it('agrees on arbitrary strings of phone characters (fast-check, shrinks a counterexample)', () => {
    const phoneChar = fc.constantFrom(...'0123456789 ()-+'.split(''), '5', '5', '9', '0');
    fc.assert(
      fc.property(fc.array(phoneChar, { maxLength: 22 }).map((cs) => cs.join('')), (s) => {
        agrees(s);
      }),
      { numRuns: 100_000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        agrees(s);
      }),
      { numRuns: 20_000 },
    );
  });

  it('handles the usual shapes', () => {
    const cases: Array<[string, number]> = [
      ['(11) 98765-4321', 5511987654321],
      ['11987654321', 5511987654321],
      ['+55 11 98765-4321', 5511987654321],
      ['5511987654321', 5511987654321],
      ['011 98765-4321', 5511987654321],
      ['0 15 11 98765-4321', 5511987654321],
      ['+55 (011) 98765-4321', 5511987654321],
      ['(11) 8765-4321', 5511987654321],
      ['  (11) 3456-7890 ', 551134567890],
      ['555532221234', 555532221234],
    ];
    for (const [s, n] of cases) {
      expect(fastBrPhone(s), s).toBe(n);
      agrees(s);
    }
    expect(fastBrKind(5511987654321)).toBe('mobile');
    expect(fastBrKind(551134567890)).toBe('landline');
    // Declined: the full normalizer decides (service numbers, other countries, links, errors).
    for (const s of ['0800 123 4567', '+351 912 345 678', '00351912345678', 'wa.me/5511987654321', '1234', '', '(11) 1234-5678', '5.5119876543E+12', '11\u00a098765-4321']) {
      expect(fastBrPhone(s), s).toBe(0);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { formatKeyAsTyped, generateLicenseKey, KEY_ALPHABET, keySymbolsMissing, normalizeKeyInput, validateKeyFormat } from './key-format';

// Deterministic source: each draw differs, so rejected check symbols are re-drawn.
let draw = 0;
const SAMPLE = generateLicenseKey(() => Uint8Array.from({ length: 24 }, (_, i) => (i * 7 + 3 + draw++ * 13) % 256));

describe('license key format', () => {
  it('generates keys shaped RCD-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX that validate', () => {
    for (let i = 0; i < 500; i++) {
      const key = generateLicenseKey();
      expect(key).toMatch(/^RCD(-[0-9A-HJKMNP-TV-Z]{5}){5}$/);
      expect(validateKeyFormat(key)).toEqual({ ok: true, normalized: key });
    }
  });

  it('accepts what buyers actually type: lower case, spaces, no dashes, I/L/O look-alikes', () => {
    const bare = SAMPLE.replace(/-/g, '').slice(3);
    const sloppy = bare.toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o');
    expect(validateKeyFormat(`  ${sloppy.match(/.{1,5}/g)!.join(' ')} `)).toEqual({ ok: true, normalized: SAMPLE });
    expect(validateKeyFormat(`rcd${bare}`)).toEqual({ ok: true, normalized: SAMPLE });
  });

  it('detects every single-character substitution of a sample key', () => {
    const symbols = normalizeKeyInput(SAMPLE);
    let tried = 0;
    for (let i = 0; i < symbols.length; i++) {
      for (const replacement of KEY_ALPHABET) {
        if (replacement === symbols[i]) continue;
        const typo = symbols.slice(0, i) + replacement + symbols.slice(i + 1);
        const result = validateKeyFormat(typo);
        expect(result.ok, `substitution at ${i}: ${typo}`).toBe(false);
        tried++;
      }
    }
    expect(tried).toBe(25 * 31);
  });

  it('detects every adjacent transposition of a sample key (including the check symbol)', () => {
    for (let round = 0; round < 50; round++) {
      const key = round === 0 ? SAMPLE : generateLicenseKey();
      const symbols = normalizeKeyInput(key);
      for (let i = 0; i + 1 < symbols.length; i++) {
        if (symbols[i] === symbols[i + 1]) continue;
        const swapped = symbols.slice(0, i) + symbols[i + 1] + symbols[i] + symbols.slice(i + 2);
        expect(validateKeyFormat(swapped).ok, `swap at ${i}: ${swapped}`).toBe(false);
      }
    }
  });

  it('refuses a random source that never changes instead of looping forever', () => {
    // These bytes give a check value >= 32, which generation must re-draw.
    const stuck = new Uint8Array(24).fill(16);
    expect(() => generateLicenseKey(() => stuck)).toThrow(/random source/);
  });

  it('explains what is wrong in pt-BR', () => {
    expect(validateKeyFormat('')).toMatchObject({ ok: false, reason: 'empty' });
    expect(validateKeyFormat(SAMPLE.slice(0, -2))).toMatchObject({ ok: false, reason: 'length' });
    expect(validateKeyFormat(SAMPLE.slice(0, -1) + 'U')).toMatchObject({ ok: false, reason: 'checksum' });
    expect(validateKeyFormat(SAMPLE.replace(/^RCD/, 'ABC'))).toMatchObject({ ok: false, reason: 'prefix' });
    const bad = validateKeyFormat(SAMPLE.slice(0, 5) + '#' + SAMPLE.slice(6));
    expect(bad).toMatchObject({ ok: false, reason: 'characters' });
    if (!bad.ok) expect(bad.message).toMatch(/caracteres/);
  });

  it('groups the input while the buyer types', () => {
    expect(formatKeyAsTyped('rcd-0a1b2c')).toBe('RCD-0A1B2-C');
    expect(formatKeyAsTyped('0a1b2c')).toBe('0A1B2-C');
    expect(formatKeyAsTyped('')).toBe('');
    expect(formatKeyAsTyped(SAMPLE.toLowerCase())).toBe(SAMPLE);
    expect(formatKeyAsTyped(SAMPLE + 'XYZ')).toBe(SAMPLE);
  });

  it('stays stable when each keystroke is fed back in, with or without the prefix typed', () => {
    for (const typed of [SAMPLE, SAMPLE.toLowerCase().replace(/-/g, ''), SAMPLE.slice(4)]) {
      let shown = '';
      for (const char of typed) shown = formatKeyAsTyped(shown + char);
      expect(validateKeyFormat(shown)).toEqual({ ok: true, normalized: SAMPLE });
    }
  });

  it('counts the symbols still missing', () => {
    expect(keySymbolsMissing('')).toBe(25);
    expect(keySymbolsMissing('RCD')).toBe(25);
    expect(keySymbolsMissing('rcd-0a1b2')).toBe(20);
    expect(keySymbolsMissing(SAMPLE.slice(4, 10))).toBe(20);
    expect(keySymbolsMissing(SAMPLE)).toBe(0);
  });
});

// License key format: "RCD-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX".
// 24 random Crockford Base32 symbols (120 bits) + 1 Crockford mod-37 check symbol.
// Pure (no Node APIs) so the renderer can validate while the buyer types.
//
// Why mod 37 catches the errors we care about: the check is the key's numeric
// value mod 37 (a prime). Changing one symbol changes the value by
// (d' - d) * 32^k with 0 < |d' - d| < 37, never a multiple of 37; swapping two
// adjacent symbols changes it by (a - b) * 31 * 32^k, never a multiple of 37
// either; swapping the last symbol with the check only passes if they are equal.
// Crockford's extra check symbols (* ~ $ = U) are awkward to type, so generation
// re-draws keys whose check would be one of them (costs ~0.2 bits of 120).

export const KEY_PREFIX = 'RCD';
export const KEY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CHECK_ALPHABET = KEY_ALPHABET + '*~$=U';
export const KEY_DATA_LENGTH = 24;
const KEY_LENGTH = KEY_DATA_LENGTH + 1;
const GROUP = 5;

export type KeyFormatReason = 'empty' | 'length' | 'characters' | 'prefix' | 'checksum';

export type KeyFormatResult =
  | { ok: true; /** Canonical form, e.g. "RCD-0A1B2-..." */ normalized: string }
  | { ok: false; reason: KeyFormatReason; message: string };

const REASON_MESSAGES: Record<KeyFormatReason, string> = {
  empty: 'Digite a chave de licença que você recebeu por e-mail.',
  length: 'A chave está incompleta ou tem caracteres a mais. Ela tem o formato RCD-XXXXX-XXXXX-XXXXX-XXXXX-XXXXX.',
  characters: 'A chave tem caracteres que não existem em chaves do Recado. Confira se copiou a chave inteira.',
  prefix: 'A chave deve começar com RCD-. Confira se copiou a chave inteira.',
  checksum: 'A chave tem um erro de digitação. Confira cada letra e número (ou copie e cole a chave do e-mail).',
};

function checkSymbol(data: string): number {
  let remainder = 0;
  for (const char of data) remainder = (remainder * 32 + KEY_ALPHABET.indexOf(char)) % 37;
  return remainder;
}

/** Groups 25 canonical symbols as "RCD-XXXXX-...". */
function formatSymbols(symbols: string): string {
  const groups: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP) groups.push(symbols.slice(i, i + GROUP));
  return [KEY_PREFIX, ...groups].join('-');
}

/** Upper-cases, maps look-alikes (I/L→1, O→0) and drops separators and the prefix. */
export function normalizeKeyInput(input: string): string {
  let symbols = input
    .toUpperCase()
    .replace(/[\s\-_.–—]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  // "RCD" is also valid data, so only strip it when it makes the length right.
  if (symbols.length === KEY_LENGTH + KEY_PREFIX.length) {
    symbols = symbols.startsWith(KEY_PREFIX) ? symbols.slice(KEY_PREFIX.length) : '\u0000prefix';
  }
  return symbols;
}

export function validateKeyFormat(input: string): KeyFormatResult {
  const fail = (reason: KeyFormatReason): KeyFormatResult => ({ ok: false, reason, message: REASON_MESSAGES[reason] });
  if (typeof input !== 'string' || input.trim() === '') return fail('empty');
  const symbols = normalizeKeyInput(input);
  if (symbols === '\u0000prefix') return fail('prefix');
  if (symbols.length !== KEY_LENGTH) return fail('length');
  const data = symbols.slice(0, KEY_DATA_LENGTH);
  const check = symbols[KEY_DATA_LENGTH];
  for (const char of data) if (!KEY_ALPHABET.includes(char)) return fail('characters');
  if (!CHECK_ALPHABET.includes(check)) return fail('characters');
  if (CHECK_ALPHABET[checkSymbol(data)] !== check) return fail('checksum');
  return { ok: true, normalized: formatSymbols(symbols) };
}

/**
 * A fresh random key. `randomBytes` exists for tests; by default the Web Crypto
 * API is used (present in browsers and Node 20).
 */
export function generateLicenseKey(randomBytes: (n: number) => Uint8Array = defaultRandomBytes): string {
  // ~1 in 7 draws is rejected; 1000 failures in a row means a broken source.
  for (let attempt = 0; attempt < 1000; attempt++) {
    const bytes = randomBytes(KEY_DATA_LENGTH);
    // 256 is a multiple of 32, so masking keeps the symbols uniform.
    let data = '';
    for (let i = 0; i < KEY_DATA_LENGTH; i++) data += KEY_ALPHABET[bytes[i] & 31];
    const check = checkSymbol(data);
    if (check < 32) return formatSymbols(data + CHECK_ALPHABET[check]);
  }
  throw new Error('generateLicenseKey: the random source keeps returning the same bytes');
}

function defaultRandomBytes(n: number): Uint8Array {
  const bytes = new Uint8Array(n);
  globalThis.crypto.getRandomValues(bytes);
  return bytes;
}

/**
 * Live formatting for an input box: canonical symbols grouped as typed, without
 * judging validity (e.g. "rcd0a1b2c" → "RCD-0A1B2-C", "0a1b2c" → "0A1B2-C").
 * It never adds or drops symbols (beyond the key's length), so feeding each
 * keystroke's result back in while the buyer types is stable; the prefix shows
 * only when typed or pasted.
 */
export function formatKeyAsTyped(input: string): string {
  const symbols = input.toUpperCase().replace(/[^0-9A-Z]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  // A key without its prefix may itself start with "RCD": 25 symbols are a whole key.
  const prefixed = symbols.startsWith(KEY_PREFIX) && symbols.length !== KEY_LENGTH;
  const body = (prefixed ? symbols.slice(KEY_PREFIX.length) : symbols).slice(0, KEY_LENGTH);
  const groups: string[] = [];
  for (let i = 0; i < body.length; i += GROUP) groups.push(body.slice(i, i + GROUP));
  return [...(prefixed ? [KEY_PREFIX] : []), ...groups].join('-');
}

/** Symbols still missing from a key typed so far (0 when complete or too long). */
export function keySymbolsMissing(input: string): number {
  const formatted = formatKeyAsTyped(input);
  const body = formatted.startsWith(`${KEY_PREFIX}-`) || formatted === KEY_PREFIX ? formatted.slice(KEY_PREFIX.length) : formatted;
  return Math.max(0, KEY_LENGTH - body.replace(/-/g, '').length);
}

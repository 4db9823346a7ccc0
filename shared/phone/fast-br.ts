// The common case of a Brazilian phone in a spreadsheet, in one pass over its characters and with
// no intermediate strings or objects: a million-row import normalizes a million of them.
import { isValidDdd } from './brazil';

/** Mobile E.164 numbers as digits (55 + DDD + 9 digits) have 13 digits, landlines 12. */
const MOBILE_FROM = 1e12;
// A table instead of `10 ** n`, a Math.pow call when n is not a constant: with isValidDdd's
// former Set lookup, these made this function take 200 ns a phone instead of 60.
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11];

/**
 * The E.164 number of `s` as digits (5511987654321), or 0 when `s` is not one of the shapes
 * handled here. Handled: digits with spaces, ( ) and - (and an optional leading +) that
 * normalizePhoneLite(s, 'BR') accepts through the Brazilian numbering plan without
 * libphonenumber: national numbers with or without a trunk zero or carrier code, and +55 / 55
 * numbers. For every input this returns a number for, normalizePhoneLite gives the same E.164
 * and kind (see {@link fastBrKind}); for the others (0) the caller asks normalizePhoneLite.
 * fast-br.test.ts checks both on millions of generated inputs.
 */
export function fastBrPhone(s: string): number {
  let i = 0;
  let end = s.length;
  while (i < end && s.charCodeAt(i) === 32) i++;
  while (end > i && s.charCodeAt(end - 1) === 32) end--;
  if (i === end) return 0;
  let plus = false;
  if (s.charCodeAt(i) === 43 /* + */) {
    plus = true;
    i++;
  }
  let n = 0;
  let v = 0;
  let d0 = 0;
  let d1 = 0;
  let d2 = 0;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      const d = c - 48;
      if (n === 0) d0 = d;
      else if (n === 1) d1 = d;
      else if (n === 2) d2 = d;
      v = v * 10 + d;
      // Longer than any number handled here; also keeps v exact.
      if (++n > 14) return 0;
    } else if (c !== 32 && c !== 40 /* ( */ && c !== 41 /* ) */ && c !== 45 /* - */) {
      return 0;
    }
  }
  // The national significant number: its value and its number of digits (leading zeros included).
  let len: number;
  if (plus) {
    // +55 [0] DDD number
    if (d0 !== 5 || d1 !== 5) return 0;
    len = d2 === 0 ? n - 3 : n - 2;
  } else if (d0 === 0) {
    // 0 DDD number, or 0 + carrier (2 digits) + DDD number; 00 is an international call.
    if (d1 === 0) return 0;
    const rest = n - 1;
    if (rest === 12 || rest === 13) len = rest - 2;
    else if (rest === 10 || rest === 11) len = rest;
    else return 0;
  } else if (n === 10 || n === 11) {
    len = n;
  } else if ((n === 12 || n === 13) && d0 === 5 && d1 === 5) {
    len = n - 2;
  } else {
    return 0;
  }
  if (len !== 10 && len !== 11) return 0;
  const nsn = v % POW10[len];
  const ddd = Math.floor(nsn / POW10[len - 2]);
  if (!isValidDdd(ddd)) return 0;
  const first = Math.floor(nsn / POW10[len - 3]) % 10;
  if (len === 11) return first === 9 ? 55e11 + nsn : 0;
  if (first >= 2 && first <= 5) return 55e10 + nsn;
  // An old 8-digit mobile gets its 9th digit.
  if (first >= 6) return 55e11 + ddd * 1e9 + 9e8 + (nsn % 1e8);
  return 0;
}

/** The kind of a number fastBrPhone returned. */
export function fastBrKind(e164Digits: number): 'mobile' | 'landline' {
  return e164Digits >= MOBILE_FROM ? 'mobile' : 'landline';
}

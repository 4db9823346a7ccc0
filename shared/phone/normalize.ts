import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import { brNationalToNsn, classifyBrNsn, waCandidatesFor } from './brazil';

export type { CountryCode };

export type PhoneKind = 'mobile' | 'landline' | 'other';

export interface PhoneOk {
  ok: true;
  /** Canonical E.164 (BR mobiles always with the 9th digit). */
  e164: string;
  /** Dedup key: the same person written two ways yields the same key. */
  key: string;
  country: CountryCode | null;
  kind: PhoneKind;
  /** Addresses to try on WhatsApp, preferred first. */
  waCandidates: string[];
}

export type PhoneFailReason =
  | 'empty'
  | 'letters'
  | 'too_short'
  | 'too_long'
  | 'no_area_code'
  | 'invalid_area_code'
  | 'lost_digits'
  | 'invalid';

export interface PhoneFail {
  ok: false;
  reason: PhoneFailReason;
  /** pt-BR, for the shop owner. */
  message: string;
}

export type PhoneResult = PhoneOk | PhoneFail;

export interface NormalizeOptions {
  defaultCountry?: CountryCode;
}

export const PHONE_FAIL_MESSAGES: Record<PhoneFailReason, string> = {
  empty: 'Telefone em branco.',
  letters: 'O telefone contém letras. Deixe só os números, com DDD.',
  too_short: 'Número curto demais. Confira se falta algum dígito ou o DDD.',
  too_long: 'Número longo demais. Confira se há dígitos a mais ou dois números juntos.',
  no_area_code: 'Número sem DDD. Inclua o DDD, por exemplo (11) 98765-4321.',
  invalid_area_code: 'DDD inexistente. Confira os dois primeiros dígitos.',
  lost_digits:
    'O número veio em notação científica (ex.: 5,5119E+12) e perdeu dígitos. No Excel, formate a coluna como Texto ou Número sem casas decimais e exporte de novo.',
  invalid: 'Número de telefone inválido.',
};

function fail(reason: PhoneFailReason): PhoneFail {
  return { ok: false, reason, message: PHONE_FAIL_MESSAGES[reason] };
}

function okResult(e164: string, kind: PhoneKind, country: CountryCode | null): PhoneLite {
  return { ok: true, e164, kind, country };
}

/**
 * True when every character is a digit, space, ( ) - or a leading '+': the shapes that make up
 * nearly all real spreadsheets. Anything else (letters, links, dots, Excel floats) takes the slow path.
 */
function isPlainShape(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 32 || c === 40 || c === 41 || c === 45) continue;
    if (c === 43 && i === 0) continue;
    return false;
  }
  return true;
}

function onlyDigits(s: string): string {
  return s.replace(/\D+/g, '');
}

/** Normalizes one phone as typed by a person or exported by a spreadsheet. Never throws. */
export function normalizePhone(input: unknown, opts?: NormalizeOptions): PhoneResult {
  const r = normalizePhoneLite(input, opts?.defaultCountry ?? 'BR');
  if (!r.ok) return r;
  return { ok: true, e164: r.e164, key: r.e164, country: r.country, kind: r.kind, waCandidates: waCandidatesFor(r.e164) };
}

/** The same without building waCandidates: for bulk imports, where allocations add up. */
export interface PhoneLite {
  ok: true;
  e164: string;
  kind: PhoneKind;
  country: CountryCode | null;
}

export function normalizePhoneLite(input: unknown, defaultCountry: CountryCode = 'BR'): PhoneLite | PhoneFail {
  if (input === null || input === undefined) return fail('empty');
  const s = (typeof input === 'string' ? input : String(input)).trim();
  if (s === '') return fail('empty');
  if (isPlainShape(s)) return fromDigits(onlyDigits(s), s.charCodeAt(0) === 43, defaultCountry);
  return slowPath(s, defaultCountry);
}

function slowPath(raw: string, defaultCountry: CountryCode): PhoneLite | PhoneFail {
  let s = raw.replace(/[\u00a0\u2000-\u200b\u202f\u3000\t]/g, ' ').replace(/[\u2010-\u2015\u2212]/g, '-').trim();

  // WhatsApp links always carry the full international number.
  const link = /(?:wa\.me\/|[?&]phone=)((?:%2B|\+)?[\d\s%-]+)/i.exec(s);
  if (link) {
    const d = onlyDigits(decodeSafe(link[1]));
    if (d === '') return fail('invalid');
    const intl = fromDigits(d, true, defaultCountry);
    if (intl.ok) return intl;
    // Some people write wa.me/11987654321 without the country code.
    const national = fromDigits(d, false, defaultCountry);
    return national.ok ? national : intl;
  }

  // Spreadsheet numbers that went through a float: 5511987654321.0, 5,5119876543E+12.
  const sci = /^\+?(\d+)(?:[.,](\d+))?e\+?(\d+)$/i.exec(s);
  if (sci) {
    const [, int, frac = '', expStr] = sci;
    const exp = Number(expStr);
    if (frac.length > exp) return fail('invalid');
    const pad = exp - frac.length;
    // Padding with zeros means the spreadsheet rounded the number away: do not guess.
    if (pad > 0) return fail('lost_digits');
    return fromDigits(int + frac, false, defaultCountry);
  }
  const float = /^(\+?\d{8,})[.,]0+$/.exec(s);
  if (float) s = float[1];

  // Labels people type before the number.
  s = s.replace(/^(?:tel(?:efone)?|cel(?:ular)?|fone|whats(?:app)?|wpp|zap|contato|n[ºo°]|n[uú]mero)\s*[.:]?\s*/i, '');
  // "(0xx11) 98765-4321": xx stands for the carrier code.
  s = s.replace(/^\(?\s*0\s*x\s*x\s*/i, '0');

  // Two numbers in one cell: take the first mobile, else the first valid one.
  const parts = s.split(/\s*(?:\/|;|\||,|\s+ou\s+|\s+e\s+)\s*/i).filter((p) => onlyDigits(p).length >= 8);
  if (parts.length >= 2) {
    let firstOk: PhoneLite | null = null;
    for (const p of parts) {
      const r = slowPath(p, defaultCountry);
      if (r.ok && r.kind === 'mobile') return r;
      if (r.ok && !firstOk) firstOk = r;
    }
    if (firstOk) return firstOk;
  }

  if (/[a-z\u00c0-\u024f]/i.test(s)) return fail('letters');
  const digits = onlyDigits(s);
  if (digits === '') return fail('empty');
  const plus = /^\s*\(?\s*\+/.test(s);
  return fromDigits(digits, plus, defaultCountry);
}

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function fromDigits(d: string, international: boolean, defaultCountry: CountryCode): PhoneLite | PhoneFail {
  if (d.length === 0) return fail('empty');
  if (!international && d.startsWith('00')) {
    // International call from Brazil: 00 + carrier(2) + country code; elsewhere plain 00 + country.
    const rest = d.slice(2);
    const direct = fromIntl(rest);
    if (direct.ok) return direct;
    if (rest.length > 4) {
      const viaCarrier = fromIntl(rest.slice(2));
      if (viaCarrier.ok) return viaCarrier;
    }
    return direct;
  }
  if (international) return fromIntl(d);
  if (defaultCountry !== 'BR') return viaLibrary(d, defaultCountry);

  const n = brNationalToNsn(d);
  if ('nsn' in n) {
    const r = classifyBrNsn(n.nsn);
    if (r.ok) return okResult(r.e164, r.kind, 'BR');
    return serviceNumber(d) ?? fail(r.reason);
  }
  return serviceNumber(d) ?? fail(n.reason);
}

function fromIntl(d: string): PhoneLite | PhoneFail {
  if (d.startsWith('55')) {
    let nsn = d.slice(2);
    if (nsn.startsWith('0')) nsn = nsn.slice(1); // +55 (011) ...
    if (nsn.length >= 10 && nsn.length <= 11) {
      const r = classifyBrNsn(nsn);
      if (r.ok) return okResult(r.e164, r.kind, 'BR');
      return serviceNumber('0' + nsn) ?? fail(r.reason);
    }
    if (nsn.length < 10) return serviceNumber('0' + nsn) ?? fail(nsn.length >= 8 ? 'no_area_code' : 'too_short');
    return fail('too_long');
  }
  return viaLibrary('+' + d, undefined);
}

/** 0800/0300/4004-type numbers: valid, but not personal lines. */
function serviceNumber(d: string): PhoneLite | null {
  const p = parsePhoneNumberFromString(d, 'BR');
  if (!p || !p.isValid()) return null;
  const type = p.getType();
  if (type === 'MOBILE' || type === 'FIXED_LINE') return null;
  return okResult(p.number, 'other', 'BR');
}

function viaLibrary(text: string, defaultCountry: CountryCode | undefined): PhoneLite | PhoneFail {
  const p = parsePhoneNumberFromString(text, defaultCountry);
  if (p && p.isValid()) {
    if (p.countryCallingCode === '55') return fromIntl(p.number.slice(1));
    const type = p.getType();
    const kind: PhoneKind =
      type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? 'mobile' : type === 'FIXED_LINE' ? 'landline' : 'other';
    return okResult(p.number, kind, p.country ?? null);
  }
  const len = validatePhoneNumberLength(text, defaultCountry);
  if (len === 'TOO_SHORT') return fail('too_short');
  if (len === 'TOO_LONG') return fail('too_long');
  return fail('invalid');
}

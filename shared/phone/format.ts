import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isValidDdd } from './brazil';

/**
 * Display form: +55 (11) 98765-4321 for Brazilian lines, international format elsewhere.
 * Brazilian service numbers (0800, 0300, 4004...) have no DDD: they show as dialled in Brazil,
 * 0800 123 4567, not as a line in area "80".
 */
export function formatPhone(e164: string): string {
  if (/^\+55\d{10,11}$/.test(e164) && isValidDdd(Number(e164.slice(3, 5)))) {
    const ddd = e164.slice(3, 5);
    const sub = e164.slice(5);
    const cut = sub.length - 4;
    return `+55 (${ddd}) ${sub.slice(0, cut)}-${sub.slice(cut)}`;
  }
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  return p.countryCallingCode === '55' && p.isValid() ? p.formatNational() : p.formatInternational();
}

import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** Display form: +55 (11) 98765-4321 for Brazil, international format elsewhere. */
export function formatPhone(e164: string): string {
  if (/^\+55\d{10,11}$/.test(e164)) {
    const ddd = e164.slice(3, 5);
    const sub = e164.slice(5);
    const cut = sub.length - 4;
    return `+55 (${ddd}) ${sub.slice(0, cut)}-${sub.slice(cut)}`;
  }
  const p = parsePhoneNumberFromString(e164);
  return p ? p.formatInternational() : e164;
}

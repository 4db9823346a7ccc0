/**
 * Money in reais as users type it: "1.250,00", "1250", "R$ 49,90", "1,250.00" (English). Stored in
 * centavos (integers) so sums never drift.
 */
export type ParsedMoney = { ok: true; cents: number | null } | { ok: false; code: 'invalid' | 'negative' | 'too_large' };

export const MAX_DEAL_CENTS = 100_000_000_00;

export function parseReais(input: string): ParsedMoney {
  let s = input.trim().replace(/^R\$\s*/i, '').replace(/\s/g, '');
  if (!s) return { ok: true, cents: null };
  if (s.startsWith('-')) return { ok: false, code: 'negative' };
  // The last separator followed by one or two digits is the decimal one; the others group thousands.
  const m = /^(.*?)(?:([.,])(\d{1,2}))?$/.exec(s);
  if (!m) return { ok: false, code: 'invalid' };
  const whole = m[1] ?? '';
  if (!/^\d{1,3}([.,]?\d{3})*$|^\d+$/.test(whole)) return { ok: false, code: 'invalid' };
  // "1.250" (pt-BR thousands) has three digits after the dot: a thousand, not a decimal.
  s = whole.replace(/[.,]/g, '');
  const cents = Number(s) * 100 + (m[3] ? Number(m[3].padEnd(2, '0')) : 0);
  if (!Number.isSafeInteger(cents)) return { ok: false, code: 'too_large' };
  if (cents > MAX_DEAL_CENTS) return { ok: false, code: 'too_large' };
  return { ok: true, cents };
}

const formats = new Map<string, Intl.NumberFormat>();

/** "R$ 1.250,00" in pt-BR, "R$1,250.00" in English. */
export function formatReais(cents: number, language: string): string {
  let f = formats.get(language);
  if (!f) {
    f = new Intl.NumberFormat(language === 'pt-BR' ? 'pt-BR' : 'en-US', { style: 'currency', currency: 'BRL' });
    formats.set(language, f);
  }
  return f.format(cents / 100);
}

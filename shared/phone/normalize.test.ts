import { describe, expect, it } from 'vitest';
import { formatPhone, normalizePhone, waCandidatesFor, type PhoneFailReason, type PhoneKind } from './index';

const M = '+5511987654321';
const M8 = '+551187654321';

type OkCase = [input: string, e164: string, kind: PhoneKind];
const ok: OkCase[] = [
  // formatting characters, with and without country code
  ['(11) 98765-4321', M, 'mobile'],
  ['11987654321', M, 'mobile'],
  ['11 98765 4321', M, 'mobile'],
  ['11 9 8765-4321', M, 'mobile'],
  ['11.98765.4321', M, 'mobile'],
  ['+55 11 98765-4321', M, 'mobile'],
  ['+55 (11) 98765-4321', M, 'mobile'],
  ['+5511987654321', M, 'mobile'],
  ['5511987654321', M, 'mobile'],
  ['55 11 98765-4321', M, 'mobile'],
  ['  (11)\u00a098765–4321  ', M, 'mobile'],
  // trunk zero and carrier codes
  ['011 98765-4321', M, 'mobile'],
  ['(011) 98765-4321', M, 'mobile'],
  ['0 15 11 98765-4321', M, 'mobile'],
  ['0 21 11 98765-4321', M, 'mobile'],
  ['015 11 98765 4321', M, 'mobile'],
  ['(0xx11) 98765-4321', M, 'mobile'],
  ['0xx11 8765-4321', M, 'mobile'],
  ['+55 (011) 98765-4321', M, 'mobile'],
  // old 8-digit mobiles get the 9th digit
  ['(11) 8765-4321', M, 'mobile'],
  ['1187654321', M, 'mobile'],
  ['+55 11 8765-4321', M, 'mobile'],
  ['(21) 7654-3210', '+5521976543210', 'mobile'],
  ['(85) 6543-2109', '+5585965432109', 'mobile'],
  // landlines (2-5 after the DDD)
  ['(11) 3456-7890', '+551134567890', 'landline'],
  ['+55 51 2345-6789', '+555123456789', 'landline'],
  ['(55) 3222-1234', '+555532221234', 'landline'],
  ['555532221234', '+555532221234', 'landline'],
  ['(55) 99123-4567', '+5555991234567', 'mobile'],
  // WhatsApp links
  ['https://wa.me/5511987654321', M, 'mobile'],
  ['wa.me/5511987654321?text=oi', M, 'mobile'],
  ['https://api.whatsapp.com/send?phone=5511987654321&text=Ol%C3%A1', M, 'mobile'],
  ['https://api.whatsapp.com/send?phone=%2B5511987654321', M, 'mobile'],
  ['https://wa.me/351912345678', '+351912345678', 'mobile'],
  // Excel artifacts
  ['5511987654321.0', M, 'mobile'],
  ['11987654321,00', M, 'mobile'],
  ['5.511987654321E+12', M, 'mobile'],
  ['5,511987654321E+12', M, 'mobile'],
  // international
  ['+351 912 345 678', '+351912345678', 'mobile'],
  ['+1 (202) 555-0123', '+12025550123', 'mobile'],
  ['+44 7911 123456', '+447911123456', 'mobile'],
  ['00351912345678', '+351912345678', 'mobile'],
  ['0021 351 912 345 678', '+351912345678', 'mobile'],
  ['+54 9 11 2345-6789', '+5491123456789', 'mobile'],
  // labels and two numbers in one cell
  ['Cel: (11) 98765-4321', M, 'mobile'],
  ['WhatsApp 11 98765-4321', M, 'mobile'],
  ['(11) 3456-7890 / (11) 98765-4321', M, 'mobile'],
  // service numbers are valid but not personal lines
  ['0800 123 4567', '+558001234567', 'other'],
];

const bad: Array<[input: string, reason: PhoneFailReason]> = [
  ['', 'empty'],
  ['   ', 'empty'],
  ['-', 'empty'],
  ['não tem', 'letters'],
  ['11 9876-ABCD', 'letters'],
  ['1234', 'too_short'],
  ['98765-4321', 'no_area_code'],
  ['119876543210987', 'too_long'],
  ['(20) 98765-4321', 'invalid_area_code'],
  ['(11) 1234-5678', 'invalid'],
  ['(11) 88765-4321', 'invalid'],
  ['5.5119876543E+12', 'lost_digits'],
  ['+1 123', 'too_short'],
  ['+999 1234 5678', 'invalid'],
];

describe('normalizePhone', () => {
  it.each(ok)('%s → %s (%s)', (input, e164, kind) => {
    const r = normalizePhone(input);
    expect(r).toMatchObject({ ok: true, e164, key: e164, kind });
  });

  it.each(bad)('%s is rejected (%s)', (input, reason) => {
    const r = normalizePhone(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe(reason);
      expect(r.message.length).toBeGreaterThan(5);
    }
  });

  it('gives the same key to one person written in different formats', () => {
    const forms = ['(11) 98765-4321', '+55 11 8765-4321', '011987654321', 'wa.me/551187654321', '5511987654321.0'];
    const keys = new Set(forms.map((f) => (normalizePhone(f) as { key: string }).key));
    expect([...keys]).toEqual([M]);
  });

  it('offers both WhatsApp forms for Brazilian mobiles and one for the rest', () => {
    expect(normalizePhone('(11) 98765-4321')).toMatchObject({ waCandidates: [M, M8], country: 'BR' });
    expect(normalizePhone('(11) 3456-7890')).toMatchObject({ waCandidates: ['+551134567890'] });
    expect(normalizePhone('+351 912 345 678')).toMatchObject({ waCandidates: ['+351912345678'], country: 'PT' });
  });

  it('never offers an 8-digit form that would be somebody else’s landline', () => {
    // 9 3456-7890 has no 8-digit past: 3456-7890 is a landline range.
    expect(waCandidatesFor('+5511934567890')).toEqual(['+5511934567890']);
  });

  it('accepts numbers as numbers and honours another default country', () => {
    expect(normalizePhone(5511987654321)).toMatchObject({ ok: true, e164: M });
    expect(normalizePhone('912 345 678', { defaultCountry: 'PT' })).toMatchObject({ ok: true, e164: '+351912345678' });
  });
});

describe('formatPhone', () => {
  it('formats Brazilian and foreign numbers for display', () => {
    expect(formatPhone(M)).toBe('+55 (11) 98765-4321');
    expect(formatPhone('+551134567890')).toBe('+55 (11) 3456-7890');
    expect(formatPhone('+351912345678')).toBe('+351 912 345 678');
    // Service numbers have no area code: shown as dialled in Brazil.
    expect(formatPhone('+558001234567')).toBe('0800 123 4567');
    expect(formatPhone('+5540041234')).toBe('4004-1234');
    expect(formatPhone('+553003123456')).toBe('0300 312 3456');
    expect(formatPhone('garbage')).toBe('garbage');
  });
});

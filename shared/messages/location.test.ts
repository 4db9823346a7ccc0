import { describe, expect, it } from 'vitest';
import { formatCoordinates, locationSchema, parseLocation } from './location';

describe('parseLocation', () => {
  it.each([
    ['-23.5614, -46.6559', -23.5614, -46.6559],
    ['-23.5614 -46.6559', -23.5614, -46.6559],
    ['https://www.google.com/maps/place/Av.+Paulista/@-23.5613991,-46.6565712,17z/data=x', -23.5613991, -46.6565712],
    ['https://www.google.com/maps/place/X/data=!3m1!4b1!4m6!3m5!1s0x0:0x0!8m2!3d-23.5614!4d-46.6559', -23.5614, -46.6559],
    ['https://maps.google.com/?q=-22.9068,-43.1729', -22.9068, -43.1729],
    ['https://www.google.com/maps/search/?api=1&query=-22.9068%2C-43.1729', -22.9068, -43.1729],
    ['https://www.openstreetmap.org/?mlat=-15.7939&mlon=-47.8828#map=15/-15.7939/-47.8828', -15.7939, -47.8828],
    ['https://www.openstreetmap.org/#map=17/-3.71722/-38.54337', -3.71722, -38.54337],
    ['geo:-8.0476,-34.8770', -8.0476, -34.877],
  ])('reads %s', (input, lat, lng) => {
    expect(parseLocation(input)).toEqual({ ok: true, latitude: lat, longitude: lng });
  });

  it('says what is wrong', () => {
    expect(parseLocation('  ')).toEqual({ ok: false, code: 'empty' });
    expect(parseLocation('Rua Augusta, 100')).toEqual({ ok: false, code: 'not_found' });
    expect(parseLocation('123, 45')).toEqual({ ok: false, code: 'out_of_range' });
  });

  it('formats to about a metre, and the schema bounds coordinates and texts', () => {
    expect(formatCoordinates({ latitude: -23.5614, longitude: -46.6559 })).toBe('-23.56140, -46.65590');
    expect(locationSchema.safeParse({ latitude: 91, longitude: 0 }).success).toBe(false);
    expect(locationSchema.safeParse({ latitude: 1, longitude: 2, name: 'x'.repeat(101) }).success).toBe(false);
    expect(locationSchema.parse({ latitude: 1, longitude: 2, name: ' Loja ' })).toEqual({ latitude: 1, longitude: 2, name: 'Loja' });
  });
});

describe('a variation with a location', () => {
  it('takes a pin or a file, not both', async () => {
    const { campaignMessagesSchema } = await import('../campaigns/schema');
    const file = { sha256: 'a'.repeat(64), kind: 'image' as const, fileName: 'f.png', mimeType: 'image/png', size: 1 };
    const base = { strategy: 'even' as const, optOut: { enabled: false, text: '' }, linkPreview: false };
    const pin = { latitude: -23.5, longitude: -46.6 };
    expect(campaignMessagesSchema.safeParse({ ...base, variations: [{ id: 'v1', text: 'Oi', attachment: null, location: pin }] }).success).toBe(true);
    const both = campaignMessagesSchema.safeParse({ ...base, variations: [{ id: 'v1', text: 'Oi', attachment: file, location: pin }] });
    expect(both.success).toBe(false);
    expect(both.error?.issues[0]?.message).toMatch(/anexo ou uma localização/);
  });
});

import { describe, expect, it } from 'vitest';
import { locationText, textOf } from './incoming';

describe('a location a contact shares, as inbox text', () => {
  it('shows the name, the address and a map link', () => {
    expect(textOf({ locationMessage: { degreesLatitude: -23.5614, degreesLongitude: -46.6559, name: 'Loja Paulista', address: 'Av. Paulista, 1000' } }))
      .toBe('📍 Loja Paulista\nAv. Paulista, 1000\nhttps://maps.google.com/?q=-23.5614,-46.6559');
  });

  it('a bare pin shows its coordinates', () => {
    expect(locationText({ degreesLatitude: -3.1, degreesLongitude: -60.02 }, [null, ''])).toBe('📍 -3.1, -60.02\nhttps://maps.google.com/?q=-3.1,-60.02');
  });

  it('a live location shows its caption', () => {
    expect(textOf({ liveLocationMessage: { degreesLatitude: 1.5, degreesLongitude: 2.5, caption: 'chegando' } })).toBe('📍 chegando\nhttps://maps.google.com/?q=1.5,2.5');
  });

  it('a pin without coordinates is not a location', () => {
    expect(textOf({ locationMessage: { name: 'sem ponto' } })).toBe('');
  });
});

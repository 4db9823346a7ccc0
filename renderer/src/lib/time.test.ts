import { describe, expect, it } from 'vitest';
import { displayTime } from './time';

const note = (zone: string) => `horário de ${zone}`;

describe('display time', () => {
  const at = Date.UTC(2025, 10, 24, 12, 30); // 09:30 in São Paulo, 08:30 in Manaus

  it('shows every time in the app zone and names it when the computer is elsewhere', () => {
    const d = displayTime('pt-BR', 'America/Manaus', note, 'America/Sao_Paulo');
    expect(d.format(at)).toBe('24/11/2025, 08:30');
    expect(d.format(at, true)).toBe('24/11/2025, 08:30 (horário de America/Manaus)');
    expect(d.note).toBe('horário de America/Manaus');
  });

  it('gives the day a moment fell on in the app zone, not the computer’s', () => {
    // 01:30 UTC on the 25th is still the 24th in São Paulo.
    const late = Date.UTC(2025, 10, 25, 1, 30);
    expect(displayTime('pt-BR', 'America/Sao_Paulo', note, 'UTC').date(late)).toBe('24/11/2025');
    expect(displayTime('en', 'UTC', note, 'UTC').date(late)).toBe('11/25/2025');
  });

  it('says nothing about the zone when it is the computer’s', () => {
    const d = displayTime('pt-BR', 'America/Sao_Paulo', note, 'America/Sao_Paulo');
    expect(d.format(at, true)).toBe('24/11/2025, 09:30');
    expect(d.note).toBeNull();
  });
});

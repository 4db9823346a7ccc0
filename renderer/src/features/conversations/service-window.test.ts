import { describe, expect, it } from 'vitest';
import { ptBR } from '../../i18n/pt-BR';
import { en } from '../../i18n/en';
import { formatMessage } from '../../i18n/format';
import { windowLeft, windowText } from './service-window';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const pt = (key: 'conv.window.open' | 'conv.window.openMin', vars: Record<string, number>) => formatMessage('pt-BR', ptBR[key], vars);

describe('the 24-hour window countdown', () => {
  it('says hours and minutes left, rounded down', () => {
    const left = windowLeft(NOW + (23 * 60 + 12) * 60_000 + 59_000, NOW)!;
    expect(left).toEqual({ hours: 23, minutes: 12 });
    expect(windowText(left, pt)).toBe('Janela de atendimento: 23 h 12 min restantes');
    expect(windowText(left, (k, v) => formatMessage('en', en[k], v))).toBe('Service window: 23 h 12 min left');
  });

  it('drops the hours in the last hour', () => {
    expect(windowText(windowLeft(NOW + 5 * 60_000, NOW)!, pt)).toBe('Janela de atendimento: 5 min restantes');
    expect(windowText(windowLeft(NOW + 30_000, NOW)!, pt)).toBe('Janela de atendimento: 0 min restantes');
  });

  it('is closed at the end, after it, and when it never opened', () => {
    expect(windowLeft(NOW, NOW)).toBeNull();
    expect(windowLeft(NOW - 1, NOW)).toBeNull();
    expect(windowLeft(null, NOW)).toBeNull();
  });
});

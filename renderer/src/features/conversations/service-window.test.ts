import { describe, expect, it } from 'vitest';
import { ptBR } from '../../i18n/pt-BR';
import { en } from '../../i18n/en';
import { formatMessage } from '../../i18n/format';
import { formatWindowLeft, windowLeft } from './service-window';

const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const pt = (key: 'conv.window.hm' | 'conv.window.m', vars: Record<string, number>) => formatMessage('pt-BR', ptBR[key], vars);

describe('the 24-hour window countdown', () => {
  it('says hours and minutes left, rounded down', () => {
    const left = windowLeft(NOW + (23 * 60 + 12) * 60_000 + 59_000, NOW)!;
    expect(left).toEqual({ hours: 23, minutes: 12 });
    expect(formatMessage('pt-BR', ptBR['conv.window.open'], { time: formatWindowLeft(left, pt) })).toBe('Janela de atendimento: 23 h 12 min restantes');
    expect(formatMessage('en', en['conv.window.open'], { time: formatWindowLeft(left, (k, v) => formatMessage('en', en[k], v)) })).toBe('Service window: 23 h 12 min left');
  });

  it('drops the hours in the last hour', () => {
    expect(formatWindowLeft(windowLeft(NOW + 5 * 60_000, NOW)!, pt)).toBe('5 min');
    expect(formatWindowLeft(windowLeft(NOW + 30_000, NOW)!, pt)).toBe('0 min');
  });

  it('is closed at the end, after it, and when it never opened', () => {
    expect(windowLeft(NOW, NOW)).toBeNull();
    expect(windowLeft(NOW - 1, NOW)).toBeNull();
    expect(windowLeft(null, NOW)).toBeNull();
  });
});

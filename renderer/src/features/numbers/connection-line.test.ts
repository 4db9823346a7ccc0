import { describe, expect, it } from 'vitest';
import { translatorFor } from '../../i18n/translate';
import { connectionLine } from './connection-line';

// 2026-12-05 14:00 in São Paulo (UTC-3).
const now = Date.UTC(2026, 11, 5, 17, 0);
const clock = (language: string) => ({ language, timeZone: 'America/Sao_Paulo', now });
const pt = translatorFor('pt-BR');
const en = translatorFor('en');

describe('the connection line on a number card', () => {
  it('says a number is "instável", why, and when it tries again, in pt-BR and English', () => {
    const n = { status: 'unstable', statusReason: 'unstable', retryAt: now + 32 * 60_000 };
    expect(connectionLine(pt, n, clock('pt-BR'))).toMatch(/^A conexão deste número caiu várias vezes em poucos minutos\. .* nova tentativa às 14:32\. Confira a internet/);
    expect(connectionLine(en, n, clock('en'))).toMatch(/^This number's connection dropped several times within a few minutes\. .* next attempt at 14:32\. Check/);
  });

  it('says WhatsApp asked to wait (429) and the hourly ceiling in their own words', () => {
    const limited = { status: 'unstable', statusReason: 'rate_limited', retryAt: now + 30 * 60_000 };
    expect(connectionLine(pt, limited, clock('pt-BR'))).toMatch(/^O WhatsApp pediu para este número esperar .* nova tentativa às 14:30\. Não é preciso fazer nada\.$/);
    expect(connectionLine(en, limited, clock('en'))).toMatch(/^WhatsApp asked this number to wait .* next attempt at 14:30\. Nothing to do\.$/);
    const ceiling = { status: 'unstable', statusReason: 'login_ceiling', retryAt: now + 10 * 60 * 60_000 };
    // Tomorrow: the day is named so the time is not read as today's.
    expect(connectionLine(pt, ceiling, clock('pt-BR'))).toMatch(/^Este número já conectou muitas vezes na última hora\. .* nova tentativa às 06\/12 00:00\./);
  });

  it('reconnecting, and connected again while still under watch; nothing for a plain connection', () => {
    expect(connectionLine(pt, { status: 'reconnecting', statusReason: 'connection_closed', retryAt: now + 8_000 }, clock('pt-BR'))).toBe('A conexão com o WhatsApp caiu. O Recado reconecta sozinho — nova tentativa às 14:00.');
    expect(connectionLine(pt, { status: 'reconnecting', statusReason: 'connection_closed', retryAt: null }, clock('pt-BR'))).toBe('A conexão com o WhatsApp caiu. O Recado reconecta sozinho — nova tentativa em instantes.');
    expect(connectionLine(pt, { status: 'connected', statusReason: 'unstable', retryAt: null }, clock('pt-BR'))).toMatch(/^Conectado de novo, mas a conexão caiu várias vezes há pouco/);
    expect(connectionLine(pt, { status: 'connected', statusReason: null, retryAt: null }, clock('pt-BR'))).toBeNull();
    expect(connectionLine(pt, { status: 'logged_out', statusReason: 'logged_out', retryAt: null }, clock('pt-BR'))).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { installDecision, isUsableFeedUrl, updateCheckDecision } from '../../../electron/main/desktop/update-guard';
import { NOW } from './fixtures';

const base = { isPackaged: true, hasFeedUrl: true, sending: false, lastCheckAt: null, now: NOW };

describe('update checks', () => {
  it('happen only in an installed app with an update URL, never while sending, and not too often', () => {
    expect(updateCheckDecision(base)).toEqual({ check: true });
    expect(updateCheckDecision({ ...base, isPackaged: false })).toEqual({ check: false, reason: 'not-packaged' });
    expect(updateCheckDecision({ ...base, hasFeedUrl: false })).toEqual({ check: false, reason: 'no-url' });
    expect(updateCheckDecision({ ...base, sending: true })).toEqual({ check: false, reason: 'sending' });
    expect(updateCheckDecision({ ...base, lastCheckAt: NOW - 60 * 60_000 })).toEqual({ check: false, reason: 'too-soon' });
    expect(updateCheckDecision({ ...base, lastCheckAt: NOW - 7 * 60 * 60_000 })).toEqual({ check: true });
  });

  it('installing waits while campaigns send, with a clear explanation', () => {
    expect(installDecision(false)).toEqual({ install: true });
    expect(installDecision(true)).toMatchObject({ install: false, message: expect.stringContaining('quando você sair do Recado') });
  });

  it('accepts https feeds (and a local http one for testing) only', () => {
    expect(isUsableFeedUrl('https://updates.recado.com.br/recado')).toBe(true);
    expect(isUsableFeedUrl('http://127.0.0.1:8080/')).toBe(true);
    expect(isUsableFeedUrl('http://updates.example.com/')).toBe(false);
    expect(isUsableFeedUrl('${env.RECADO_UPDATE_URL}')).toBe(false);
    expect(isUsableFeedUrl(undefined)).toBe(false);
  });
});

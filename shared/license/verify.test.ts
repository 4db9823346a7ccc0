import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { planLimits } from './plans';
import { signLicense } from './token';
import { verifyLicense } from './verify';

const DAY = 86_400_000;
const NOW = Date.UTC(2025, 5, 1, 12);
const MACHINE = 'a'.repeat(32);

const keys = generateKeyPairSync('ed25519');
const publicKeyPem = keys.publicKey.export({ format: 'pem', type: 'spki' }).toString();

function token(overrides: Partial<{ issuedAt: number; expiresAt: number; machine: string }> = {}, privateKey = keys.privateKey) {
  return signLicense(
    {
      licenseId: 'lic_test',
      email: 'comprador@example.com',
      plan: 'basic',
      limits: planLimits('basic'),
      machine: overrides.machine ?? MACHINE,
      issuedAt: overrides.issuedAt ?? NOW - DAY,
      expiresAt: overrides.expiresAt ?? NOW + 6 * DAY,
    },
    privateKey,
  );
}

const opts = { publicKeyPem, machineId: MACHINE, now: NOW };

function editPayload(t: string, edit: (p: Record<string, unknown>) => void): string {
  const [payload, signature] = t.split('.');
  const json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  edit(json);
  return `${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
}

describe('verifyLicense', () => {
  it('accepts a valid license and reports the plan limits and days left', () => {
    const result = verifyLicense(token(), { ...opts, lastSeenTime: NOW - DAY });
    expect(result).toMatchObject({ ok: true, state: 'active', daysLeft: 6, notice: null, lastSeenTime: NOW });
    if (result.ok) expect(result.license.limits).toEqual({ messagesPerDay: 500, numbers: 1, aiPerDay: 50 });
  });

  it('rejects a payload edited to a better plan as tampered', () => {
    const edited = editPayload(token(), (p) => {
      p.plan = 'pro';
      p.limits = planLimits('pro');
    });
    expect(verifyLicense(edited, opts)).toMatchObject({ ok: false, code: 'license.tampered' });
  });

  it('rejects a payload edited to expire later as tampered', () => {
    const edited = editPayload(token(), (p) => (p.expiresAt = NOW + 3650 * DAY));
    const result = verifyLicense(edited, opts);
    expect(result).toMatchObject({ ok: false, code: 'license.tampered' });
    if (!result.ok) expect(result.message).toMatch(/alterada/);
  });

  it('rejects a license signed by another key as a bad signature', () => {
    const other = generateKeyPairSync('ed25519');
    expect(verifyLicense(token({}, other.privateKey), opts)).toMatchObject({ ok: false, code: 'license.bad_signature' });
  });

  it('rejects a truncated signature as a bad signature and garbage as malformed', () => {
    const t = token();
    expect(verifyLicense(t.slice(0, -10), opts)).toMatchObject({ ok: false, code: 'license.bad_signature' });
    expect(verifyLicense('not a license', opts)).toMatchObject({ ok: false, code: 'license.malformed' });
    expect(verifyLicense('', opts)).toMatchObject({ ok: false, code: 'license.malformed' });
  });

  it('rejects a license activated on another machine', () => {
    const result = verifyLicense(token({ machine: 'b'.repeat(32) }), opts);
    expect(result).toMatchObject({ ok: false, code: 'license.other_machine' });
    if (!result.ok) expect(result.message).toMatch(/outro computador/);
  });

  it('keeps working for 30 days past expiry while offline, counting down', () => {
    const expired = token({ issuedAt: NOW - 20 * DAY, expiresAt: NOW - 10 * DAY });
    const result = verifyLicense(expired, opts);
    expect(result).toMatchObject({ ok: true, state: 'in_grace', daysLeft: 20 });
    if (result.ok) expect(result.notice).toBe('Renove a licença: 20 dias restantes. Conecte-se à internet e abra o Recado para renovar automaticamente.');
  });

  it('rejects a license more than 30 days past expiry', () => {
    const expired = token({ issuedAt: NOW - 60 * DAY, expiresAt: NOW - 31 * DAY });
    const result = verifyLicense(expired, opts);
    expect(result).toMatchObject({ ok: false, code: 'license.expired' });
  });

  it('rejects a clock set back before the last time the app saw', () => {
    const result = verifyLicense(token(), { ...opts, lastSeenTime: NOW + 2 * DAY });
    expect(result).toMatchObject({ ok: false, code: 'license.clock_rollback' });
    if (!result.ok) expect(result.message).toMatch(/relógio/);
    // Small jitter (under an hour) is tolerated.
    expect(verifyLicense(token(), { ...opts, lastSeenTime: NOW + 30 * 60_000 })).toMatchObject({ ok: true, lastSeenTime: NOW + 30 * 60_000 });
  });

  it('rejects a clock set back to well before the license was issued', () => {
    const result = verifyLicense(token({ issuedAt: NOW + 3 * DAY, expiresAt: NOW + 10 * DAY }), opts);
    expect(result).toMatchObject({ ok: false, code: 'license.clock_rollback' });
  });
});

import { describe, expect, it } from 'vitest';
import { generateLicenseKey } from '../../../shared/license/key-format';
import { formatLicenseFile, parseLicenseFile } from './license-file';
import { machineId } from './machine-id';
import { createOfflineRequestCode, parseOfflineRequestCode } from './offline-request';

describe('machineId', () => {
  it('is stable for the same machine and seed, and never contains the raw names', () => {
    const a = machineId({ seed: 'seed-1', hostname: 'PC-DA-LOJA', username: 'maria' });
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(machineId({ seed: 'seed-1', hostname: 'pc-da-loja', username: 'Maria' })).toBe(a);
    expect(machineId({ seed: 'seed-2', hostname: 'PC-DA-LOJA', username: 'maria' })).not.toBe(a);
    expect(machineId({ seed: 'seed-1', hostname: 'OUTRO-PC', username: 'maria' })).not.toBe(a);
    expect(machineId({ seed: 'x' })).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('offline request code', () => {
  const key = generateLicenseKey();
  const id = machineId({ seed: 's', hostname: 'h', username: 'u' });

  it('round-trips the key and machine, even when a mail client wraps it', () => {
    const code = createOfflineRequestCode({ key: key.toLowerCase(), machineId: id });
    const wrapped = code.match(/.{1,40}/g)!.join('\n');
    expect(parseOfflineRequestCode(wrapped)).toEqual({ ok: true, key, machineId: id });
  });

  it('catches a truncated or altered code', () => {
    const code = createOfflineRequestCode({ key, machineId: id });
    expect(parseOfflineRequestCode(code.slice(0, -3))).toMatchObject({ ok: false, reason: 'format' });
    const [prefix, body, crc] = code.split('.');
    const altered = `${prefix}.${body.slice(0, 10)}${body[10] === 'A' ? 'B' : 'A'}${body.slice(11)}.${crc}`;
    expect(parseOfflineRequestCode(altered)).toMatchObject({ ok: false, reason: 'checksum' });
  });
});

describe('license file', () => {
  it('round-trips a token and rejects other files', () => {
    expect(parseLicenseFile(formatLicenseFile('abc.def'))).toBe('abc.def');
    expect(parseLicenseFile('\uFEFF' + formatLicenseFile('abc.def'))).toBe('abc.def');
    expect(parseLicenseFile('{"hello":1}')).toBeNull();
    expect(parseLicenseFile('not json')).toBeNull();
  });
});

describe('licensePublicKeyPem', () => {
  it('honours the test-only override only under NODE_ENV=test in an unpackaged build', async () => {
    const { EMBEDDED_PUBLIC_KEY_PEM, licensePublicKeyPem } = await import('./public-key');
    const pem = '-----BEGIN PUBLIC KEY-----\\nTEST\\n-----END PUBLIC KEY-----\\n';
    expect(licensePublicKeyPem({ env: { NODE_ENV: 'test', RECADO_LICENSE_PUBLIC_KEY: pem } })).toContain('\nTEST\n');
    expect(licensePublicKeyPem({ env: { NODE_ENV: 'production', RECADO_LICENSE_PUBLIC_KEY: pem } })).toBe(EMBEDDED_PUBLIC_KEY_PEM);
    expect(licensePublicKeyPem({ env: { NODE_ENV: 'test', RECADO_LICENSE_PUBLIC_KEY: pem }, packaged: true })).toBe(EMBEDDED_PUBLIC_KEY_PEM);
  });
});

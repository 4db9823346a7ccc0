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

describe('test-only license public key', () => {
  const pem = '-----BEGIN PUBLIC KEY-----\nTEST\n-----END PUBLIC KEY-----\n';
  it('is accepted only from the sources, outside a packaged app, with NODE_ENV=test', async () => {
    const { acceptTestPublicKey } = await import('./public-key');
    expect(acceptTestPublicKey(pem, { env: { NODE_ENV: 'test' }, fromSources: true, packaged: false })).toEqual({ ok: true, pem });
    expect(acceptTestPublicKey(pem, { env: { NODE_ENV: 'production' }, fromSources: true, packaged: false })).toMatchObject({ ok: false, reason: expect.stringMatching(/NODE_ENV=test/) });
    expect(acceptTestPublicKey(pem, { env: { NODE_ENV: 'test' }, fromSources: false, packaged: false })).toMatchObject({ ok: false, reason: expect.stringMatching(/testes automáticos/) });
    expect(acceptTestPublicKey(pem, { env: { NODE_ENV: 'test' }, fromSources: true, packaged: true }).ok).toBe(false);
    expect(acceptTestPublicKey('hello', { env: { NODE_ENV: 'test' }, fromSources: true, packaged: false })).toMatchObject({ ok: false, reason: expect.stringMatching(/não é uma chave/) });
  });
});

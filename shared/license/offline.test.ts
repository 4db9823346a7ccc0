import { describe, expect, it } from 'vitest';
import { generateLicenseKey } from './key-format';
import { formatLicenseFile, parseLicenseFile } from './license-file';
import { createOfflineRequestCode, parseOfflineRequestCode } from './offline-request';

describe('offline request code', () => {
  const key = generateLicenseKey();
  // The shape of machineId() (electron/core/license/machine-id.ts): 32 hex digits.
  const id = '3f0a9c1e5b7d2468ace013579bdf2468';

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

import { describe, expect, it } from 'vitest';
import { machineId } from './machine-id';

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

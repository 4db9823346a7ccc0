import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LicenseClient, LicenseClientError } from '../shared/license/client';
import { parseLicenseFile } from '../shared/license/license-file';
import { createOfflineRequestCode } from '../shared/license/offline-request';
import { verifyLicense } from '../shared/license/verify';
import { DAY, startTestServer, type TestServer } from './test-helpers';

const PC1 = '1'.repeat(32);
const PC2 = '2'.repeat(32);
const PC3 = '3'.repeat(32);

let server: TestServer;
let key: string;
beforeEach(async () => {
  server = await startTestServer();
  key = server.context.service.issue({ email: 'loja@example.com', plan: 'basic', source: 'manual', guaranteeOver: true }).key;
});
afterEach(async () => {
  await server.cleanup();
});

describe('activation API', () => {
  it('activates a machine and returns a license the app accepts', async () => {
    const res = await server.post('/activate', { key: key.toLowerCase().replace(/-/g, ' '), machineId: PC1, appVersion: '0.1.0' });
    expect(res.status).toBe(200);
    expect(res.body.expiresAt).toBe(server.clock.now + 30 * DAY);
    const verified = verifyLicense(res.body.license, { publicKeyPem: server.publicKeyPem, machineId: PC1, now: server.clock.now });
    expect(verified).toMatchObject({ ok: true, license: { email: 'loja@example.com', plan: 'basic', machine: PC1 } });
  });

  it('re-activating the same machine does not use another slot', async () => {
    await server.post('/activate', { key, machineId: PC1 });
    await server.post('/activate', { key, machineId: PC1 });
    expect((await server.post('/activate', { key, machineId: PC2 })).status).toBe(200);
  });

  it('refuses a third machine with 409 and a clear message, until one is deactivated', async () => {
    await server.post('/activate', { key, machineId: PC1 });
    await server.post('/activate', { key, machineId: PC2 });
    const third = await server.post('/activate', { key, machineId: PC3 });
    expect(third.status).toBe(409);
    expect(third.body.error.code).toBe('license.too_many_machines');
    expect(third.body.error.message).toMatch(/2 computadores/);
    expect((await server.post('/deactivate', { key, machineId: PC1 })).body).toEqual({ ok: true });
    expect((await server.post('/activate', { key, machineId: PC3 })).status).toBe(200);
  });

  it('rate-limits deactivations per license (429)', async () => {
    for (let i = 0; i < 3; i++) {
      await server.post('/activate', { key, machineId: PC1 });
      expect((await server.post('/deactivate', { key, machineId: PC1 })).status).toBe(200);
    }
    await server.post('/activate', { key, machineId: PC1 });
    const limited = await server.post('/deactivate', { key, machineId: PC1 });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('license.rate_limited');
    server.clock.now += DAY + 1;
    expect((await server.post('/deactivate', { key, machineId: PC1 })).status).toBe(200);
  });

  it('refresh renews a valid license; a deactivated machine can no longer refresh', async () => {
    const first = await server.post('/activate', { key, machineId: PC1 });
    server.clock.now += 10 * DAY;
    const renewed = await server.post('/refresh', { license: first.body.license });
    expect(renewed.status).toBe(200);
    expect(renewed.body.expiresAt).toBe(server.clock.now + 30 * DAY);
    await server.post('/deactivate', { key, machineId: PC1 });
    const after = await server.post('/refresh', { license: renewed.body.license });
    expect(after.status).toBe(403);
    expect(after.body.error.code).toBe('license.not_activated');
  });

  it('refresh works during the offline grace period but not after it', async () => {
    const first = await server.post('/activate', { key, machineId: PC1 });
    server.clock.now += 45 * DAY; // 15 days into the grace period
    const renewed = await server.post('/refresh', { license: first.body.license });
    expect(renewed.status).toBe(200);
    server.clock.now += 61 * DAY;
    const late = await server.post('/refresh', { license: renewed.body.license });
    expect(late.body.error.code).toBe('license.expired');
  });

  it('refuses a refresh of an edited license', async () => {
    const first = await server.post('/activate', { key, machineId: PC1 });
    const [payload, signature] = (first.body.license as string).split('.');
    const json = JSON.parse(Buffer.from(payload, 'base64url').toString());
    json.plan = 'pro';
    const forged = `${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
    const res = await server.post('/refresh', { license: forged });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('license.tampered');
  });

  it('answers unknown and ill-formed keys with license.invalid_key', async () => {
    const wrongCheck = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');
    const typo = await server.post('/activate', { key: wrongCheck, machineId: PC1 });
    expect(typo.status).toBe(400);
    expect(typo.body.error).toMatchObject({ code: 'license.invalid_key', message: expect.stringMatching(/digitação/) });
    const other = server.context.service.issue({ email: 'x@example.com', plan: 'trial', source: 'manual', guaranteeOver: true }).key;
    server.context.service.db.prepare('DELETE FROM license_events').run();
    server.context.service.db.prepare("UPDATE licenses SET key_hash = 'gone' WHERE email = 'x@example.com'").run();
    const unknown = await server.post('/activate', { key: other, machineId: PC1 });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('license.invalid_key');
  });

  it('validates bodies: bad JSON, wrong fields, too large, wrong method, unknown path', async () => {
    const badJson = await server.post('/activate', '{not json');
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: 'license.bad_request' } } });
    const badField = await server.post('/activate', { key, machineId: 'short' });
    expect(badField.status).toBe(400);
    expect(badField.body.error.message).toMatch(/machineId/);
    const huge = await server.post('/activate', { key, machineId: PC1, pad: 'x'.repeat(70 * 1024) });
    expect(huge).toMatchObject({ status: 413, body: { error: { code: 'license.payload_too_large' } } });
    const get = await fetch(server.url + '/activate');
    expect(get.status).toBe(405);
    const missing = await server.post('/nope', {});
    expect(missing.status).toBe(404);
  });

  it('activates offline from a request code (HTTP endpoint)', async () => {
    const requestCode = createOfflineRequestCode({ key, machineId: PC2 });
    const res = await server.post('/activate-offline', { requestCode });
    expect(res.status).toBe(200);
    expect(verifyLicense(res.body.license, { publicKeyPem: server.publicKeyPem, machineId: PC2, now: server.clock.now }).ok).toBe(true);
    const broken = await server.post('/activate-offline', { requestCode: requestCode.slice(0, -1) });
    expect(broken.body.error.code).toBe('license.bad_request_code');
  });
});

describe('LicenseClient', () => {
  const client = (machineId = PC1) => new LicenseClient({ serverUrl: server.url + '/', machineId, appVersion: '0.1.0' });

  it('activates, refreshes and deactivates', async () => {
    const issued = await client().activate(key);
    expect(verifyLicense(issued.token, { publicKeyPem: server.publicKeyPem, machineId: PC1, now: server.clock.now }).ok).toBe(true);
    const renewed = await client().refresh(issued.token);
    expect(renewed.expiresAt).toBeGreaterThanOrEqual(issued.expiresAt);
    await client().deactivate(key);
    expect(server.context.service.activeMachines(server.context.service.findByKey(key)!.id)).toHaveLength(0);
  });

  it('turns server refusals into typed pt-BR errors', async () => {
    await client(PC1).activate(key);
    await client(PC2).activate(key);
    const error = await client(PC3).activate(key).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LicenseClientError);
    expect(error).toMatchObject({ code: 'license.too_many_machines', status: 409 });
    expect((error as Error).message).toMatch(/Desative/);

    server.context.service.revoke(server.context.service.findByKey(key)!.id, 'teste');
    await expect(client(PC1).activate(key)).rejects.toMatchObject({ code: 'license.revoked' });
  });

  it('rejects a mistyped key locally, without calling the server', async () => {
    let called = false;
    const offlineClient = new LicenseClient({
      serverUrl: 'http://127.0.0.1:1',
      machineId: PC1,
      fetch: (async () => {
        called = true;
        throw new TypeError('fetch failed');
      }) as typeof fetch,
    });
    await expect(offlineClient.activate('RCD-123')).rejects.toMatchObject({ code: 'license.invalid_key' });
    expect(called).toBe(false);
  });

  it('reports an unreachable server as offline', async () => {
    const url = server.url;
    await server.close();
    const error = await new LicenseClient({ serverUrl: url, machineId: PC1 }).activate(key).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'license.offline' });
    expect((error as Error).message).toMatch(/conexão/);
  });

  it('reports a server that never answers as a timeout', async () => {
    const hanging = new LicenseClient({
      serverUrl: server.url,
      machineId: PC1,
      timeoutMs: 50,
      fetch: ((_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(new Error('aborted'))))) as typeof fetch,
    });
    await expect(hanging.activate(key)).rejects.toMatchObject({ code: 'license.timeout' });
  });
});

describe('license file from the admin flow', () => {
  it('parses back to a token that verifies', async () => {
    const { formatLicenseFile } = await import('../shared/license/license-file');
    const signed = server.context.service.activate({ key, machineId: PC1, offline: true });
    const token = parseLicenseFile(formatLicenseFile(signed.license))!;
    expect(verifyLicense(token, { publicKeyPem: server.publicKeyPem, machineId: PC1, now: server.clock.now }).ok).toBe(true);
  });
});

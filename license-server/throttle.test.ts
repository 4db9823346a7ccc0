import { afterEach, describe, expect, it } from 'vitest';
import { generateLicenseKey } from '../shared/license/key-format';
import { startTestServer, type TestServer } from './test-helpers';

const PC1 = '1'.repeat(32);
let server: TestServer | undefined;
afterEach(async () => {
  await server?.cleanup();
  server = undefined;
});

async function activate(s: TestServer, key: string, ip?: string) {
  const res = await fetch(s.url + '/activate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(ip ? { 'x-forwarded-for': `203.0.113.77, ${ip}` } : {}) },
    body: JSON.stringify({ key, machineId: PC1 }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('/activate throttling', () => {
  it('answers 429 with Retry-After after too many attempts from one address, then lets it try again later', async () => {
    server = await startTestServer({ activateLimits: { perIp: { max: 5, windowMs: 600_000 }, perKeyPrefix: { max: 50, windowMs: 600_000 } } });
    const statuses: number[] = [];
    let limited: Awaited<ReturnType<typeof activate>> | undefined;
    for (let i = 0; i < 30; i++) {
      const r = await activate(server, generateLicenseKey());
      statuses.push(r.status);
      if (r.status === 429) {
        limited = r;
        break;
      }
    }
    expect(statuses.slice(0, 5)).toEqual([404, 404, 404, 404, 404]);
    expect(limited).toBeDefined();
    expect(limited!.body.error).toMatchObject({ code: 'license.too_many_attempts', message: expect.stringMatching(/Muitas tentativas.*minuto/) });
    expect(Number(limited!.retryAfter)).toBeGreaterThan(0);
    expect(Number(limited!.retryAfter)).toBeLessThanOrEqual(600);
    // A real key is refused too while the address is throttled, and accepted after the wait.
    const good = server.context.service.issue({ email: 'loja@example.com', plan: 'basic', source: 'manual', guaranteeOver: true }).key;
    expect((await activate(server, good)).status).toBe(429);
    server.clock.now += Number(limited!.retryAfter) * 1000 + 1;
    expect((await activate(server, good)).status).toBe(200);
  });

  it('limits attempts per key prefix across addresses when behind a trusted proxy', async () => {
    server = await startTestServer({ trustProxy: true, activateLimits: { perIp: { max: 100, windowMs: 600_000 }, perKeyPrefix: { max: 3, windowMs: 600_000 } } });
    // Same first two groups, different endings: a guesser walking one part of the key space.
    const head = crypto.getRandomValues(new Uint8Array(10));
    const sameStart = Array.from({ length: 6 }, () =>
      generateLicenseKey((n) => {
        const bytes = crypto.getRandomValues(new Uint8Array(n));
        bytes.set(head);
        return bytes;
      }),
    );
    expect(new Set(sameStart.map((k) => k.slice(0, 15))).size).toBe(1);
    const codes: number[] = [];
    for (const [i, k] of sameStart.entries()) codes.push((await activate(server, k, `198.51.100.${i + 1}`)).status);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    expect(codes.slice(0, 3).every((c) => c !== 429)).toBe(true);
    // Another prefix from yet another address is not affected.
    expect((await activate(server, generateLicenseKey(), '198.51.100.99')).status).not.toBe(429);
  });

  it('ignores X-Forwarded-For unless the proxy is trusted (a client cannot pick a fresh address each time)', async () => {
    server = await startTestServer({ activateLimits: { perIp: { max: 3, windowMs: 600_000 }, perKeyPrefix: { max: 50, windowMs: 600_000 } } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await activate(server, generateLicenseKey(), `198.51.100.${i + 1}`)).status);
    expect(codes.at(-1)).toBe(429);
  });

  it('has a limit by default', async () => {
    server = await startTestServer();
    let status = 0;
    for (let i = 0; i < 300 && status !== 429; i++) status = (await activate(server, generateLicenseKey())).status;
    expect(status).toBe(429);
  });
});

import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOTTOK, PRODUCT_BASIC, silentLogger, startTestServer, type TestServer } from './test-helpers';
import { startLicenseServer, type RunningLicenseServer } from './server';

const PC1 = '1'.repeat(32);
const PC2 = '2'.repeat(32);

let server: TestServer;
let token: string;
let other: string;
let restarted: RunningLicenseServer | null = null;

beforeEach(async () => {
  server = await startTestServer({ relayLimits: { eventsPerMailbox: 3, bytesPerMailbox: 4096, postsPerMinute: 20 } });
  const key = server.context.service.issue({ email: 'loja@example.com', plan: 'basic', source: 'manual', guaranteeOver: true }).key;
  token = (await server.post('/activate', { key, machineId: PC1 })).body.license;
  const key2 = server.context.service.issue({ email: 'outra@example.com', plan: 'basic', source: 'manual', guaranteeOver: true }).key;
  other = (await server.post('/activate', { key: key2, machineId: PC2 })).body.license;
});
afterEach(async () => {
  await restarted?.close();
  restarted = null;
  await server.cleanup();
});

async function call(base: string, method: string, p: string, o: { token?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(base + p, {
    method,
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}), ...o.headers },
    ...(o.body !== undefined ? { body: typeof o.body === 'string' ? o.body : JSON.stringify(o.body) } : {}),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // plain text (the hub.challenge echo)
  }
  return { status: res.status, body };
}

async function mailbox() {
  const res = await call(server.url, 'POST', '/relay/mailboxes', { token, body: { label: 'numero-1' } });
  expect(res.status).toBe(200);
  return res.body as { mailboxId: string; webhookUrl: string; verifyToken: string };
}

const post = (url: string, raw: string, signature = 'sha256=abc') => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature }, body: raw });

describe('webhook relay (Cloud API)', () => {
  it('creates a mailbox only for an activated license, with an unguessable URL on this server', async () => {
    expect((await call(server.url, 'POST', '/relay/mailboxes', { body: {} })).body.error.code).toBe('relay.no_license');
    expect((await call(server.url, 'POST', '/relay/mailboxes', { token: 'garbage', body: {} })).status).toBe(401);
    const box = await mailbox();
    expect(box.mailboxId).toMatch(/^mbx_[0-9a-f]{24}$/);
    expect(box.webhookUrl).toMatch(new RegExp(`^${server.url}/relay/hook/[A-Za-z0-9_-]{43}$`));
    expect(box.verifyToken.length).toBeGreaterThanOrEqual(20);
    // Another license cannot read it.
    expect((await call(server.url, 'GET', `/relay/mailboxes/${box.mailboxId}/events`, { token: other })).status).toBe(404);
  });

  it("answers Meta's verification only with the right verify token", async () => {
    const box = await mailbox();
    const ok = await fetch(`${box.webhookUrl}?hub.mode=subscribe&hub.verify_token=${box.verifyToken}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    expect((await fetch(`${box.webhookUrl}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
    expect((await fetch(`${server.url}/relay/hook/nope?hub.mode=subscribe&hub.verify_token=${box.verifyToken}&hub.challenge=1`)).status).toBe(404);
  });

  it('stores raw bodies with their signature, hands them out by long poll, and forgets what was acknowledged', async () => {
    const box = await mailbox();
    const raw = '{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[]}]}  ';
    const waiting = call(server.url, 'GET', `/relay/mailboxes/${box.mailboxId}/events?after=0&wait=5`, { token });
    await new Promise((r) => setTimeout(r, 100));
    expect((await post(box.webhookUrl, raw, 'sha256=deadbeef')).status).toBe(200);
    const res = await waiting;
    expect(res.status).toBe(200);
    expect(res.body.events).toHaveLength(1);
    const [e] = res.body.events;
    // Byte for byte: the app checks the signature over exactly what Meta sent.
    expect(Buffer.from(e.body, 'base64').toString('utf8')).toBe(raw);
    expect(e.signature).toBe('sha256=deadbeef');

    expect((await call(server.url, 'POST', `/relay/mailboxes/${box.mailboxId}/ack`, { token, body: { upTo: e.id } })).body).toEqual({ ok: true, removed: 1 });
    expect((await call(server.url, 'GET', `/relay/mailboxes/${box.mailboxId}/events?after=0`, { token })).body.events).toEqual([]);
  });

  it('is bounded: a full mailbox answers 429 (Meta retries), old events expire after 7 days, posts are rate-limited', async () => {
    const box = await mailbox();
    for (let i = 0; i < 3; i++) expect((await post(box.webhookUrl, `{"n":${i}}`)).status).toBe(200);
    const full = await post(box.webhookUrl, '{"n":3}');
    expect(full.status).toBe(429);
    expect((await full.json()).error.code).toBe('relay.mailbox_full');
    const events = (await call(server.url, 'GET', `/relay/mailboxes/${box.mailboxId}/events`, { token })).body.events;
    await call(server.url, 'POST', `/relay/mailboxes/${box.mailboxId}/ack`, { token, body: { upTo: events[0].id } });
    expect((await post(box.webhookUrl, '{"n":3}')).status).toBe(200);
    // Bytes: a body that would pass the mailbox's byte bound is refused too.
    expect((await post(box.webhookUrl, 'x'.repeat(5000))).status).toBe(429);

    server.clock.now += 7 * DAY + 1;
    expect((await call(server.url, 'GET', `/relay/mailboxes/${box.mailboxId}/events`, { token: (await refresh()).license })).body.events).toEqual([]);

    let limited = 0;
    for (let i = 0; i < 25; i++) if ((await post(box.webhookUrl, '{}')).status === 429) limited++;
    expect(limited).toBeGreaterThan(0);
  });

  it('a relay restart loses nothing it answered 200 for', async () => {
    const box = await mailbox();
    expect((await post(box.webhookUrl, '{"keep":1}', 'sha256=01')).status).toBe(200);
    const dbPath = path.join(server.dir, 'licenses.db');
    await server.close();
    restarted = await startLicenseServer({ port: 0, host: '127.0.0.1', dbPath, hottok: HOTTOK, products: { [String(PRODUCT_BASIC)]: 'basic' }, signingKeyPem: server.privateKeyPem, logger: silentLogger, now: () => server.clock.now });
    const res = await call(restarted.url, 'GET', `/relay/mailboxes/${box.mailboxId}/events`, { token });
    expect(res.body.events.map((e: { body: string; signature: string }) => [Buffer.from(e.body, 'base64').toString(), e.signature])).toEqual([['{"keep":1}', 'sha256=01']]);
  });
});

async function refresh(): Promise<{ license: string }> {
  return (await server.post('/refresh', { license: token })).body;
}

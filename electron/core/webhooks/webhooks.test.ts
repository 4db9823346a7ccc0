/**
 * Outbound webhooks against a local HTTP receiver that checks the signature, refuses the first
 * attempts, and keeps each event once by its id (as a receiver is told to in the README).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { coreCaller } from '../../../tests/helpers/core';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { fastDraft, seedContacts } from '../campaigns/engine/testing/fixtures';
import { createCore } from '../core';
import { silentLogger } from '../log/logger';
import { DealsStore } from '../results/deals';
import { tempStore, waitFor, type TempStore } from '../channels/whatsapp/testing/helpers';
import { verifySignature } from './signature';
import { WebhookService } from './webhook-service';

let cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

interface Received {
  eventId: string;
  event: string;
  body: { id: string; type: string; data: Record<string, any> };
  valid: boolean;
  attempt: number;
}

/** A receiver like an n8n catch hook: refuses the first `failFirst` requests with 503. */
async function receiver(secretRef: { secret: string }, failFirst = 0) {
  const requests: Received[] = [];
  const kept = new Map<string, Received>();
  let refused = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const r: Received = {
        eventId: String(req.headers['x-recado-event-id']),
        event: String(req.headers['x-recado-event']),
        body: JSON.parse(raw),
        valid: verifySignature(secretRef.secret, raw, String(req.headers['x-recado-signature'] ?? ''), Math.floor(Date.now() / 1000)),
        attempt: Number(req.headers['x-recado-attempt']),
      };
      requests.push(r);
      if (refused < failFirst) {
        refused++;
        res.writeHead(503).end();
        return;
      }
      if (r.valid && !kept.has(r.eventId)) kept.set(r.eventId, r);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  cleanups.push(() => new Promise<void>((ok) => (server.closeAllConnections(), server.close(() => ok()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, requests, kept };
}

function world() {
  const st: TempStore = tempStore();
  cleanups.push(() => st.cleanup());
  const service = new WebhookService({ db: st.db, secretBox: st.box, logger: silentLogger(), tickMs: 60_000, retry: { firstMs: 1, maxMs: 5, giveUpAfterMs: 60_000 } });
  cleanups.push(() => service.close());
  const db = st.db;
  const now = Date.now();
  const contactId = Number(db.prepare(`INSERT INTO contacts (phone_key, name, first_name, created_at, updated_at) VALUES ('+5511987654321', 'Ana Souza', 'Ana', ?, ?)`).run(now, now).lastInsertRowid);
  const numberId = Number(db.prepare(`INSERT INTO numbers (kind, label, status, config, created_at, updated_at) VALUES ('simulator', 'Loja', 'connected', '{}', ?, ?)`).run(now, now).lastInsertRowid);
  const reply = (text: string, optOut = false) =>
    Number(
      db
        .prepare('INSERT INTO inbound_messages (number_id, contact_id, from_e164, jid, text, opt_out, at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(numberId, contactId, '+5511987654321', '5511987654321@s.whatsapp.net', text, optOut ? 1 : 0, Date.now(), Date.now()).lastInsertRowid,
    );
  return { st, db, service, contactId, numberId, reply };
}

describe('outbound webhooks', () => {
  it('delivers signed events at least once through refusals, and the receiver keeps each once', async () => {
    const w = world();
    const secretRef = { secret: '' };
    const rx = await receiver(secretRef, 2);
    const created = w.service.create({ url: rx.url, events: ['reply.received', 'deal.closed'], includeContact: true });
    secretRef.secret = created.secret;
    expect(created.secret).toMatch(/^whsec_/);
    // The secret is kept sealed, never as text.
    expect(w.db.prepare('SELECT secret FROM webhooks').get()).not.toEqual({ secret: expect.stringContaining('whsec_') });

    const replyId = w.reply('Quero o desconto!');
    new DealsStore(w.db).add({ inboundId: replyId, valueCents: 125_000 });
    for (let i = 0; i < 6 && rx.kept.size < 2; i++) {
      await w.service.tick();
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor(async () => (await w.service.tick(), rx.kept.size === 2), 'both events', 10_000);

    expect(rx.requests.every((r) => r.valid)).toBe(true);
    expect(rx.requests.filter((r) => r.attempt > 1).length).toBeGreaterThan(0);
    const reply = [...rx.kept.values()].find((r) => r.event === 'reply.received')!;
    expect(reply.body).toMatchObject({ type: 'reply.received', data: { replyId, optOut: false, text: 'Quero o desconto!', contact: { name: 'Ana Souza', phone: '+5511987654321' } } });
    const deal = [...rx.kept.values()].find((r) => r.event === 'deal.closed')!;
    expect(deal.body.data).toMatchObject({ valueCents: 125_000, replyId });
    // Retries carry the same event id: the receiver saw repeats and kept one of each.
    expect(new Set(rx.requests.map((r) => r.eventId)).size).toBe(2);
    const log = w.service.deliveries(created.webhook.id, 10);
    expect(log.map((d) => d.state)).toEqual(['delivered', 'delivered']);
    expect(log.reduce((n, d) => n + d.attempts, 0)).toBe(4);
  });

  it('sends phones and texts only when the webhook includes contact data, and only the events chosen', async () => {
    const w = world();
    const rx = await receiver({ secret: '' });
    w.service.create({ url: rx.url, events: ['contact.opted_out', 'reply.received'], includeContact: false });
    w.reply('SAIR', true);
    w.db.prepare(`INSERT INTO opt_out_events (contact_id, phone_key, source, keyword, number_id, at) VALUES (?, '+5511987654321', 'reply', 'SAIR', ?, ?)`).run(w.contactId, w.numberId, Date.now());
    new DealsStore(w.db).add({ inboundId: 1 });
    await waitFor(async () => (await w.service.tick(), rx.requests.length >= 2), 'events', 10_000);
    await w.service.tick();
    const types = rx.requests.map((r) => r.body.type).sort();
    expect(types).toEqual(['contact.opted_out', 'reply.received']);
    const raw = JSON.stringify(rx.requests.map((r) => r.body));
    expect(raw).not.toContain('5511987654321');
    // The reply's text stays home too (the opt-out event names the keyword that matched, not a message).
    expect(rx.requests.find((r) => r.body.type === 'reply.received')!.body.data).not.toHaveProperty('text');
    expect(raw).not.toContain('Ana Souza');
    expect(rx.requests.find((r) => r.body.type === 'reply.received')!.body.data).toMatchObject({ optOut: true, contact: { id: w.contactId, name: null } });
  });

  it('records nothing while no webhook is on, and "Testar" says what the receiver answered', async () => {
    const w = world();
    w.reply('antes de existir um webhook');
    expect(w.db.prepare('SELECT count(*) AS n FROM webhook_outbox').get()).toEqual({ n: 0 });

    const rx = await receiver({ secret: '' }, 1);
    const { webhook } = w.service.create({ url: rx.url, events: ['reply.received'], includeContact: false });
    const first = await w.service.test(webhook.id);
    expect(first).toMatchObject({ ok: false, status: 503, error: 'O destino respondeu 503.' });
    const second = await w.service.test(webhook.id);
    expect(second).toMatchObject({ ok: true, status: 204, error: null });
    expect(rx.requests.map((r) => r.body.type)).toEqual(['webhook.test', 'webhook.test']);
    expect(w.service.list()[0]).toMatchObject({ last: { state: 'delivered', status: 204 }, pending: 0 });

    w.service.update(webhook.id, { enabled: false });
    w.reply('com o webhook desligado');
    expect(w.db.prepare('SELECT count(*) AS n FROM webhook_outbox').get()).toEqual({ n: 0 });
    expect(() => w.service.update(999, { enabled: true })).toThrow(expect.objectContaining({ code: 'webhooks.not_found' }));
  });

  it('gives up after a day of refusals and keeps the failure in the log', async () => {
    const w = world();
    let now = Date.now();
    const service = new WebhookService({ db: w.db, secretBox: w.st.box, logger: silentLogger(), now: () => now, tickMs: 60_000, retry: { firstMs: 1, maxMs: 1, giveUpAfterMs: 1000 } });
    cleanups.push(() => service.close());
    const rx = await receiver({ secret: '' }, 1_000);
    const { webhook } = service.create({ url: rx.url, events: ['reply.received'], includeContact: false });
    w.reply('oi');
    await service.tick();
    now += 2000;
    await service.tick();
    const [d] = service.deliveries(webhook.id, 5);
    expect(d).toMatchObject({ state: 'failed', attempts: 2, lastStatus: 503, nextAt: null });
  });
});

describe('webhooks in the running core', () => {
  it('a campaign on a simulated number sends delivery states and "campaign.finished" through the API-made webhook', async () => {
    const tmp = makeTempDir('recado-webhooks-');
    cleanups.push(() => tmp.cleanup());
    const core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
    cleanups.push(() => core.close());
    const call = coreCaller(core);
    const secretRef = { secret: '' };
    const rx = await receiver(secretRef);
    const made = await call('webhooks.create', { url: rx.url, events: ['delivery.status', 'campaign.finished'], includeContact: false });
    secretRef.secret = made.secret;

    const n = await call('numbers.addSimulator', { behavior: { invalidProb: 0, failProb: 0, deliveredProb: 1, readProb: 0, replyProb: 0, receiptDelayMs: [10, 20] } });
    await waitFor(async () => (await call('numbers.list'))[0]!.status === 'connected', 'connected', 10_000);
    const { listId } = seedContacts(core.context.db, { count: 3 });
    const c = await call('campaigns.create', { draft: fastDraft({ listIds: [listId], numberIds: [n.id] }) });
    await call('campaigns.start', { id: c.id });
    await waitFor(async () => (await call('campaigns.runState', { id: c.id })).status === 'finished', 'campaign finished', 30_000);
    // The core's own clock (2 s) delivers them: the campaign's end arrives, signed.
    await waitFor(() => [...rx.kept.values()].some((r) => r.event === 'campaign.finished'), 'campaign.finished', 30_000);
    const finished = [...rx.kept.values()].find((r) => r.event === 'campaign.finished')!;
    expect(finished.body.data).toMatchObject({ campaign: { id: c.id }, status: 'finished', totals: { contacts: 3 } });
    expect(rx.requests.every((r) => r.valid)).toBe(true);
    await waitFor(() => [...rx.kept.values()].filter((r) => r.event === 'delivery.status').length >= 3, 'delivery states', 30_000);
    const states = [...rx.kept.values()].filter((r) => r.event === 'delivery.status').map((r) => r.body.data);
    expect(states.every((d) => d.campaign.id === c.id && d.contact && !('phone' in d.contact))).toBe(true);
  }, 90_000);
});

/**
 * The whole app on the real WhatsApp protocol: a real core (engine, inbound processing, API) whose
 * WhatsApp numbers use the production socket factory against the local stand-in, handed over the
 * way `recado serve --test-wa-url … --test-wa-root-key …` does it (CoreOptions.testWhatsApp).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { coreCaller } from '../../../../tests/helpers/core';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';
import { createCore, type Core } from '../../core';
import { silentLogger } from '../../log/logger';
import { fastDraft, seedContacts, testPhone } from '../../campaigns/engine/testing/fixtures';
import { waitFor } from './testing/helpers';
import { trustStandIn, WaStandIn } from './testing/wa-server';

const ACCOUNT = '5511900000001';
const LIMIT = 20_000;

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function world() {
  const wa = await WaStandIn.start({ media: false });
  cleanups.push(() => wa.stop());
  cleanups.push(trustStandIn(wa));
  const tmp = makeTempDir('recado-wa-app-');
  cleanups.push(() => tmp.cleanup());
  let core: Core | null = null;
  const events: Array<{ name: string; payload: any }> = [];
  const open = () => {
    core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger(), testWhatsApp: { url: wa.url, rootKey: wa.root.publicKey.toString('hex') } });
    core.subscribe((name, payload) => events.push({ name, payload }));
    return core;
  };
  cleanups.push(async () => {
    await core?.close();
  });
  const close = async () => {
    await core?.close();
    core = null;
  };
  return { wa, open, close, events, get core() { return core!; }, call: coreCaller(() => core!) };
}

/** One row as the loosely typed record a test reads. */
const one = (db: Core['context']['db'], sql: string, ...params: unknown[]): any => db.prepare(sql).get(...params);

const digits = (i: number) => testPhone(i).replace(/\D/g, '');

describe('campaigns on the real WhatsApp protocol', () => {
  it('links by QR, sends a campaign, moves receipts, attributes a reply, honours offline and LID-only SAIR', async () => {
    const w = await world();
    const core = w.open();
    const db = core.context.db;
    const { listId, contactIds } = seedContacts(db, { count: 3 });
    const contacts = [0, 1, 2].map((i) => w.wa.contact(digits(i), { name: `Cliente ${i}` }));

    const { numberId } = await w.call('whatsapp.link', { label: 'Loja', method: 'qr' });
    const qr = await waitFor(() => w.events.find((e) => e.name === 'whatsapp.qr'), 'qr', LIMIT);
    await w.wa.scanQr(ACCOUNT, qr.payload.qr);
    await waitFor(() => w.events.find((e) => e.name === 'whatsapp.status' && e.payload.state === 'connected'), 'connected', LIMIT);

    const draft = fastDraft({
      listIds: [listId],
      numberIds: [numberId],
      messages: {
        ...fastDraft({ listIds: [], numberIds: [] }).messages,
        variations: [
          { id: 'v1', text: 'Oi {primeiro_nome}, temos novidades (A)', attachment: null },
          { id: 'v2', text: 'Olá {primeiro_nome}, temos novidades (B)', attachment: null },
        ],
      },
    });
    const created = await w.call('campaigns.create', { draft });
    await w.call('campaigns.start', { id: created.id });
    const received = await Promise.all(contacts.map((c) => c.waitForMessage(undefined, LIMIT)));
    expect(received.map((m) => m.message.conversation ?? m.message.extendedTextMessage?.text)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(Oi|Olá) Cliente0, temos novidades \((A|B)\)$/)]),
    );

    // Receipts (addressed to the contact's LID, as WhatsApp does) move the delivery forward.
    await w.wa.receipt(contacts[0], ACCOUNT, received[0].id, 'delivered');
    await waitFor(() => one(db, 'SELECT state FROM deliveries WHERE message_id = ?', received[0].id)?.state === 'delivered', 'delivered', LIMIT);
    await w.wa.receipt(contacts[0], ACCOUNT, received[0].id, 'read');
    await waitFor(() => one(db, 'SELECT state FROM deliveries WHERE message_id = ?', received[0].id)?.state === 'read', 'read', LIMIT);

    // A reply is attributed to the campaign and to the variation that prompted it.
    await w.wa.sendText(contacts[1], ACCOUNT, 'Quanto custa?', { quotedId: received[1].id });
    const reply = await waitFor(() => one(db, 'SELECT campaign_id, delivery_id FROM inbound_messages WHERE text = ?', 'Quanto custa?'), 'reply', LIMIT);
    const delivery = one(db, 'SELECT campaign_id, variation, replied_at, message_id FROM deliveries WHERE id = ?', reply.delivery_id);
    expect(delivery).toMatchObject({ campaign_id: created.id, message_id: received[1].id });
    expect(delivery.replied_at).not.toBeNull();
    const sentText = received[1].message.conversation ?? received[1].message.extendedTextMessage?.text ?? '';
    expect(delivery.variation).toBe(sentText.endsWith('(A)') ? 0 : 1);

    // The PC is off; contact 2 writes SAIR; on the next start the replay (append) opts them out.
    await w.close();
    await w.wa.sendText(contacts[2], ACCOUNT, 'SAIR');
    const again = w.open();
    const db2 = again.context.db;
    await waitFor(() => one(db2, 'SELECT status FROM contacts WHERE id = ?', contactIds[2])?.status === 'opted_out', 'offline opt-out', LIMIT);
    expect(one(db2, "SELECT source, keyword FROM opt_out_events WHERE contact_id = ?", contactIds[2])).toMatchObject({ source: 'reply', keyword: 'SAIR' });

    // A LID-only SAIR (no phone number on the message) is honoured too.
    await w.wa.sendText(contacts[0], ACCOUNT, 'sair', { via: 'lid' });
    await waitFor(() => one(db2, 'SELECT status FROM contacts WHERE id = ?', contactIds[0])?.status === 'opted_out', 'LID opt-out', LIMIT);
    // The replayed message is not processed twice.
    expect(db2.prepare("SELECT COUNT(*) AS n FROM inbound_messages WHERE text = 'SAIR'").get()).toEqual({ n: 1 });
  });

  it('a campaign with "Mostrar prévia de links" sends every contact the preview, fetching the page once', async () => {
    const hits: string[] = [];
    const site = http.createServer((req, res) => {
      hits.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><head><meta property="og:title" content="Feirão da Loja"><meta property="og:description" content="Até sábado"></head></html>');
    });
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise<void>((r) => (site.closeAllConnections(), site.close(() => r()))));
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/feirao`;

    const w = await world();
    const core = w.open();
    const { listId } = seedContacts(core.context.db, { count: 3 });
    const contacts = [0, 1, 2].map((i) => w.wa.contact(digits(i), { name: `Cliente ${i}` }));
    const { numberId } = await w.call('whatsapp.link', { label: 'Loja', method: 'qr' });
    const qr = await waitFor(() => w.events.find((e) => e.name === 'whatsapp.qr'), 'qr', LIMIT);
    await w.wa.scanQr(ACCOUNT, qr.payload.qr);
    await waitFor(() => w.events.find((e) => e.name === 'whatsapp.status' && e.payload.state === 'connected'), 'connected', LIMIT);

    const base = fastDraft({ listIds: [listId], numberIds: [numberId] });
    const draft = { ...base, messages: { ...base.messages, linkPreview: true, variations: [{ id: 'v1', text: `Oi {primeiro_nome}, veja ${url}`, attachment: null }] } };
    const created = await w.call('campaigns.create', { draft });
    await w.call('campaigns.start', { id: created.id });
    const received = await Promise.all(contacts.map((c) => c.waitForMessage(undefined, LIMIT)));
    for (const m of received) expect(m.message.extendedTextMessage).toMatchObject({ matchedText: url, title: 'Feirão da Loja', description: 'Até sábado' });
    expect(hits).toEqual(['/feirao']);
  });

  it('463 pauses the campaign once and the message is not sent again', async () => {
    const w = await world();
    const core = w.open();
    const db = core.context.db;
    const { listId } = seedContacts(db, { count: 2 });
    const contacts = [0, 1].map((i) => w.wa.contact(digits(i)));
    const { numberId } = await w.call('whatsapp.link', { label: 'Loja', method: 'qr' });
    const qr = await waitFor(() => w.events.find((e) => e.name === 'whatsapp.qr'), 'qr', LIMIT);
    await w.wa.scanQr(ACCOUNT, qr.payload.qr);
    await waitFor(() => w.events.find((e) => e.name === 'whatsapp.status' && e.payload.state === 'connected'), 'connected', LIMIT);

    w.wa.account(ACCOUNT).messageError = '463';
    const created = await w.call('campaigns.create', { draft: fastDraft({ listIds: [listId], numberIds: [numberId] }) });
    await w.call('campaigns.start', { id: created.id });
    await waitFor(() => one(db, 'SELECT status FROM campaigns WHERE id = ?', created.id)?.status === 'paused', 'paused', LIMIT);
    const sentIds = w.wa.stats.messages;
    await new Promise((r) => setTimeout(r, 500));
    expect(one(db, 'SELECT status, pause_code FROM campaigns WHERE id = ?', created.id)).toMatchObject({ status: 'paused' });
    expect(one(db, 'SELECT flagged_at FROM numbers WHERE id = ?', numberId).flagged_at).not.toBeNull();
    // Each message id went out at most once: nothing was retried.
    expect(new Set(sentIds).size).toBe(sentIds.length);
    expect(contacts.every((c) => c.inbox.length === 0)).toBe(true);
  });
});

/**
 * Statuses and replies through the real webhook relay: the license server (license-server/,
 * started as it runs in production) holds the mailbox, the Graph stand-in verifies the webhook
 * URL and posts signed webhooks to it, and the core pulls them with its activated license. A
 * forged webhook is dropped and counted; a PC that was off gets everything when it comes back.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startTestServer, type TestServer } from '../../../../license-server/test-helpers';
import { seedContacts, testPhone } from '../../campaigns/engine/testing/fixtures';
import { templateDraft } from './testing/drafts';
import { TEST_ACCOUNT } from './testing/graph-server';
import { cloudWorld, until, type CloudWorld } from './testing/harness';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
let relay: TestServer | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
  await relay?.cleanup();
  relay = null;
});

async function untilAsync<T>(fn: () => Promise<T | null | false>, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const digits = (i: number) => testPhone(i).replace(/\D/g, '');

describe('Cloud API webhooks through the license server relay', () => {
  it('registers the mailbox URL with Meta, applies statuses and replies, drops forgeries, and catches up after the PC was off', async () => {
    relay = await startTestServer({ now: () => Date.now() });
    const key = relay.context.service.issue({ email: 'loja@example.com', plan: 'pro', source: 'manual', guaranteeOver: true }).key;
    w = await cloudWorld({ env: { RECADO_LICENSE_SERVER: relay.url }, core: { testLicensePublicKeyPem: relay.publicKeyPem } });
    await w.call('license.activate', { key });

    const numberId = await w.addCloudNumber();
    const details = await untilAsync(async () => {
      const d = await w!.call('cloud.details', { id: numberId });
      return d.relayState === 'ok' && d.webhookUrl ? { ...d, webhookUrl: d.webhookUrl } : null;
    }, 'mailbox');
    expect(details.webhookUrl).toMatch(new RegExp(`^${relay.url}/relay/hook/`));
    // What the user does in Meta's dashboard: paste the URL and the verify token.
    expect(await w.graph.registerWebhook(details.webhookUrl, 'not-the-token')).toBe(false);
    expect(await w.graph.registerWebhook(details.webhookUrl, details.verifyToken!)).toBe(true);

    w.graph.statusPlan.duplicate = true;
    w.graph.replies.set(digits(0), { text: 'Quero dois!' });
    const { listId } = seedContacts(w.core.context.db, { count: 2 });
    const { templates } = await w.call('cloud.templates', { id: numberId });
    const draft = templateDraft({
      numberId,
      listId,
      templates,
      name: 'lembrete_pedido',
      mapping: { 'body.nome': { kind: 'field', field: 'primeiro_nome' }, 'body.pedido': { kind: 'text', value: '123' }, 'button.0.1': { kind: 'text', value: '123' } },
    });
    const { id } = await w.call('campaigns.create', { draft });
    await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
    await w.call('campaigns.start', { id });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND state = 'read'", id)?.n === 2, 'two read via the relay', 20_000);
    await until(() => w!.one('SELECT count(*) AS n FROM inbound_messages')?.n === 1, 'the reply via the relay');
    await untilAsync(async () => (await w!.call('cloud.campaignCost', { campaignId: id })).billed === 2, 'billed');

    // A forgery posted to the public URL reaches the app and is dropped there (the relay cannot tell).
    const forged = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: TEST_ACCOUNT.wabaId, changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: TEST_ACCOUNT.phoneNumberId }, messages: [{ from: digits(1), id: 'wamid.forged', timestamp: '1', type: 'text', text: { body: 'SAIR' } }] } }] }] });
    expect((await fetch(details.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) }, body: forged })).status).toBe(200);
    await untilAsync(async () => (await w!.call('cloud.details', { id: numberId })).forged === 1, 'forgery counted');
    expect(w.one('SELECT status FROM contacts WHERE phone_key = ?', testPhone(1))?.status).toBe('active');

    // The PC is off while the contacts write; the relay keeps it all.
    await w.graph.webhooksSettled();
    await w.suspend();
    w.graph.inbound(TEST_ACCOUNT.phoneNumberId, digits(1), { text: 'Ainda tem?' });
    w.graph.inbound(TEST_ACCOUNT.phoneNumberId, digits(0), { button: 'SAIR', payload: 'SAIR', replyTo: w.graph.sent[0].wamid });
    await w.graph.webhooksSettled();
    expect(w.graph.webhookUrl).toBe(details.webhookUrl);
    w.resume();
    await until(() => w!.one('SELECT count(*) AS n FROM inbound_messages')?.n === 3, 'caught up after the PC came back', 20_000);
    await until(() => w!.one('SELECT status FROM contacts WHERE phone_key = ?', testPhone(0))?.status === 'opted_out', 'opt-out from the queued button reply');
    // Applied, then acknowledged: the relay keeps nothing it no longer needs.
    await until(() => (relay!.context.db.prepare('SELECT count(*) AS n FROM relay_events').get() as { n: number }).n === 0, 'acknowledged');
  });
});

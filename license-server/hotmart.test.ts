import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyLicense } from '../shared/license/verify';
import { cancellationEvent, DAY, purchaseEvent, startTestServer, type TestServer } from './test-helpers';

const MACHINE = 'm'.repeat(32);

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.cleanup();
});

const licenses = () => server.context.service.list();
const eventCount = () => (server.context.db.prepare('SELECT COUNT(*) AS n FROM webhook_events').get() as { n: number }).n;

describe('Hotmart webhook', () => {
  it('rejects a wrong or missing hottok with 401 and stores nothing', async () => {
    const wrong = await server.webhook(purchaseEvent('PURCHASE_APPROVED'), 'not-the-hottok');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('license.unauthorized');
    const missing = await server.post('/hotmart/webhook', purchaseEvent('PURCHASE_APPROVED'));
    expect(missing.status).toBe(401);
    expect(eventCount()).toBe(0);
    expect(licenses()).toHaveLength(0);
  });

  it('issues a key on PURCHASE_APPROVED, visible to the seller and emailed to the buyer', async () => {
    const res = await server.webhook(purchaseEvent('PURCHASE_APPROVED'));
    expect(res).toEqual({ status: 200, body: { ok: true, duplicate: false, outcome: 'applied' } });
    const [license] = licenses();
    expect(license).toMatchObject({ email: 'comprador@example.com', plan: 'basic', status: 'active', guaranteeOver: false, transaction: 'HP16015479281022' });
    expect(license.key).toMatch(/^RCD(-[0-9A-Z]{5}){5}$/);
    const [mail] = server.context.mailer.list();
    expect(mail.to_addr).toBe('comprador@example.com');
    expect(mail.body).toContain(license.key);
    expect(mail.sent_at).toBeNull();
  });

  it('ignores a repeated event id: same answer, no second license', async () => {
    const event = purchaseEvent('PURCHASE_APPROVED');
    await server.webhook(event);
    const again = await server.webhook(event);
    expect(again).toEqual({ status: 200, body: { ok: true, duplicate: true, outcome: 'applied' } });
    expect(licenses()).toHaveLength(1);
    expect(eventCount()).toBe(1);
    expect(server.context.mailer.list()).toHaveLength(1);
  });

  it('a second approval for the same transaction extends the license instead of issuing a new key', async () => {
    await server.webhook(purchaseEvent('PURCHASE_APPROVED'));
    await server.webhook(purchaseEvent('PURCHASE_APPROVED', { productId: 7654321 }));
    const all = licenses();
    expect(all).toHaveLength(1);
    expect(all[0].plan).toBe('pro');
  });

  it('stores and ignores the Hotmart test product (id 0) and unknown products', async () => {
    const test = await server.webhook(purchaseEvent('PURCHASE_APPROVED', { productId: 0 }));
    const unknown = await server.webhook(purchaseEvent('PURCHASE_APPROVED', { productId: 999 }));
    expect(test.body.outcome).toBe('ignored_test');
    expect(unknown.body.outcome).toBe('ignored_product');
    expect(eventCount()).toBe(2);
    expect(licenses()).toHaveLength(0);
  });

  it('answers 400 to a body that is not a Hotmart envelope', async () => {
    const res = await server.webhook({ hello: 'world' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('license.bad_request');
  });

  it('PURCHASE_COMPLETE switches the license to long-lived tokens', async () => {
    await server.webhook(purchaseEvent('PURCHASE_APPROVED'));
    const key = licenses()[0].key!;
    const before = await server.post('/activate', { key, machineId: MACHINE });
    expect(before.body.expiresAt).toBe(server.clock.now + 7 * DAY);
    await server.webhook(purchaseEvent('PURCHASE_COMPLETE'));
    expect(licenses()[0].guaranteeOver).toBe(true);
    const after = await server.post('/refresh', { license: before.body.license });
    expect(after.body.expiresAt).toBe(server.clock.now + 30 * DAY);
  });

  for (const event of ['PURCHASE_REFUNDED', 'PURCHASE_CHARGEBACK', 'PURCHASE_CANCELED']) {
    it(`${event} revokes the license: refresh and activation then fail with license.revoked`, async () => {
      await server.webhook(purchaseEvent('PURCHASE_APPROVED'));
      const key = licenses()[0].key!;
      const activated = await server.post('/activate', { key, machineId: MACHINE });
      expect(activated.status).toBe(200);
      await server.webhook(purchaseEvent(event));
      expect(licenses()[0].status).toBe('revoked');
      const refresh = await server.post('/refresh', { license: activated.body.license });
      expect(refresh.status).toBe(403);
      expect(refresh.body.error).toMatchObject({ code: 'license.revoked' });
      expect(refresh.body.error.message).toMatch(/cancelada/);
      const again = await server.post('/activate', { key, machineId: MACHINE });
      expect(again.body.error.code).toBe('license.revoked');
    });
  }

  it('a refund delivered before its approval still wins', async () => {
    await server.webhook(purchaseEvent('PURCHASE_REFUNDED'));
    const late = await server.webhook(purchaseEvent('PURCHASE_APPROVED'));
    expect(late.body.outcome).toBe('ignored_revoked');
    expect(licenses()).toHaveLength(0);
  });

  it('SUBSCRIPTION_CANCELLATION ends the license at the next charge date, and tokens never outlive it', async () => {
    const nextCharge = server.clock.now + 20 * DAY;
    await server.webhook(purchaseEvent('PURCHASE_APPROVED', { subscriber: 'SUB123', dateNextCharge: nextCharge, recurrence: 1 }));
    await server.webhook(purchaseEvent('PURCHASE_COMPLETE', { subscriber: 'SUB123', dateNextCharge: nextCharge, recurrence: 1 }));
    const key = licenses()[0].key!;
    const cancel = await server.webhook(cancellationEvent({ subscriber: 'SUB123', dateNextCharge: nextCharge }));
    expect(cancel.body.outcome).toBe('applied');
    expect(licenses()[0].endsAt).toBe(nextCharge);

    const activated = await server.post('/activate', { key, machineId: MACHINE });
    expect(activated.body.expiresAt).toBe(nextCharge); // not now + 30 days

    server.clock.now = nextCharge + 1;
    const refresh = await server.post('/refresh', { license: activated.body.license });
    expect(refresh.body.error.code).toBe('license.ended');
    expect(licenses()[0].status).toBe('ended');
  });

  it('a renewal charge for the same subscriber keeps the same key and pushes the end date', async () => {
    const first = server.clock.now + 30 * DAY;
    await server.webhook(purchaseEvent('PURCHASE_APPROVED', { subscriber: 'SUB9', transaction: 'HP001', dateNextCharge: first, recurrence: 1 }));
    const key = licenses()[0].key;
    const second = first + 30 * DAY;
    await server.webhook(purchaseEvent('PURCHASE_APPROVED', { subscriber: 'SUB9', transaction: 'HP002', dateNextCharge: second, recurrence: 2 }));
    const all = licenses();
    expect(all).toHaveLength(1);
    expect(all[0].key).toBe(key);
    expect(all[0].endsAt).toBe(second + 3 * DAY);
    // A refund of the renewal charge revokes the license too.
    await server.webhook(purchaseEvent('PURCHASE_REFUNDED', { transaction: 'HP002' }));
    expect(licenses()[0].status).toBe('revoked');
  });

  it('a renewal after a cancellation, without date_next_charge, extends from the approval date by the plan period', async () => {
    const nextCharge = server.clock.now + 20 * DAY;
    await server.webhook(purchaseEvent('PURCHASE_APPROVED', { subscriber: 'SUB77', transaction: 'HP701', dateNextCharge: nextCharge, recurrence: 1 }));
    await server.webhook(cancellationEvent({ subscriber: 'SUB77', dateNextCharge: nextCharge }));
    server.clock.now = nextCharge + 5 * DAY;
    expect(licenses()[0].status).toBe('ended');
    // The buyer subscribes again; Hotmart sends date_next_charge 0 on this approval.
    const approved = server.clock.now - 60_000;
    const renewal = await server.webhook(
      purchaseEvent('PURCHASE_APPROVED', { subscriber: 'SUB77', transaction: 'HP702', dateNextCharge: 0, recurrence: 1, approvedDate: approved }),
    );
    expect(renewal.body.outcome).toBe('applied');
    const all = licenses();
    expect(all).toHaveLength(1);
    expect(all[0].status).toBe('active');
    expect(all[0].endsAt).toBe(approved + 30 * DAY + 3 * DAY);
    const activated = await server.post('/activate', { key: all[0].key, machineId: MACHINE });
    expect(activated.status).toBe(200);
  });

  it('the issued license verifies on the app side with the server public key', async () => {
    await server.webhook(purchaseEvent('PURCHASE_APPROVED', { productId: 7654321 }));
    const activated = await server.post('/activate', { key: licenses()[0].key, machineId: MACHINE });
    const result = verifyLicense(activated.body.license, { publicKeyPem: server.publicKeyPem, machineId: MACHINE, now: server.clock.now });
    expect(result).toMatchObject({ ok: true, state: 'active', license: { plan: 'pro', limits: { messagesPerDay: 3000, numbers: 5, aiPerDay: 500 } } });
  });

  it('answers 500 on an internal failure so Hotmart retries, and the retry is processed', async () => {
    const service = server.context.service;
    const original = service.issue.bind(service);
    service.issue = () => {
      throw new Error('disk full');
    };
    const event = purchaseEvent('PURCHASE_APPROVED');
    const failed = await server.webhook(event);
    expect(failed.status).toBe(500);
    expect(failed.body.error.code).toBe('license.server_error');
    expect(licenses()).toHaveLength(0);
    service.issue = original;
    const retry = await server.webhook(event);
    expect(retry.body).toMatchObject({ duplicate: false, outcome: 'applied' });
    expect(licenses()).toHaveLength(1);
  });

  it('records events in the license history', async () => {
    await server.webhook(purchaseEvent('PURCHASE_APPROVED'));
    await server.webhook(purchaseEvent('PURCHASE_REFUNDED'));
    const history = server.context.service.history(licenses()[0].id)!;
    expect(history.events.map((e) => e.kind)).toEqual(['issued', 'revoked']);
    expect(history.webhooks.map((w) => w.event)).toEqual(['PURCHASE_APPROVED', 'PURCHASE_REFUNDED']);
  });
});

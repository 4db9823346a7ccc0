import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeliveryStore } from './delivery-store';
import { DayKeyer } from './day-key';
import { DELIVERY_STATES, viewStateOf, type DeliveryState } from './states';
import { fastDraft, insertCampaign, insertNumber, memoryDb, seedContacts } from '../engine/testing/fixtures';
import type { Db } from '../../db/open';

const DAY = 86_400_000;

/** What the counters must equal: GROUP BY over the deliveries themselves. */
function expected(db: Db, days: DayKeyer) {
  const rows = db.prepare('SELECT * FROM deliveries').all() as Array<Record<string, number | string | null>>;
  const campaign = new Map<string, number>();
  const variation = new Map<string, number>();
  const number = new Map<string, number>();
  const inc = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const r of rows) {
    // A skip of a cancelled campaign counts as cancelled.
    const state = viewStateOf(r.state as DeliveryState, r.error_code as string | null);
    inc(campaign, `${r.campaign_id}|${state}`);
    inc(campaign, `${r.campaign_id}|total`);
    if (r.replied_at !== null) inc(campaign, `${r.campaign_id}|replied`);
    if (r.variation !== null) {
      inc(variation, `${r.campaign_id}|${r.variation}|${state}`);
      if (r.replied_at !== null) inc(variation, `${r.campaign_id}|${r.variation}|replied`);
    }
    if (r.number_id !== null) {
      for (const col of ['sent', 'delivered', 'read', 'replied'] as const) {
        const at = r[`${col}_at`] as number | null;
        if (at !== null) inc(number, `${r.number_id}|${days.keyOf(at)}|${col}`);
      }
      if (r.state === 'failed' && r.failed_at !== null) inc(number, `${r.number_id}|${days.keyOf(r.failed_at as number)}|failed`);
    }
  }
  return { campaign, variation, number };
}

function actual(db: Db) {
  const campaign = new Map<string, number>();
  const variation = new Map<string, number>();
  const number = new Map<string, number>();
  const cols = [...DELIVERY_STATES, 'replied', 'total'];
  for (const r of db.prepare('SELECT * FROM campaign_counters').all() as Array<Record<string, number>>) {
    for (const c of cols) if (r[c]) campaign.set(`${r.campaign_id}|${c}`, r[c]);
  }
  for (const r of db.prepare('SELECT * FROM variation_counters').all() as Array<Record<string, number>>) {
    for (const c of cols) if (r[c]) variation.set(`${r.campaign_id}|${r.variation}|${c}`, r[c]);
  }
  for (const r of db.prepare('SELECT * FROM number_daily_counters').all() as Array<Record<string, number | string>>) {
    for (const c of ['sent', 'delivered', 'read', 'replied', 'failed']) if (r[c]) number.set(`${r.number_id}|${r.day}|${c}`, r[c] as number);
  }
  return { campaign, variation, number };
}

const op = fc.oneof(
  fc.record({ kind: fc.constant('claim' as const), d: fc.nat(11), v: fc.nat(2), n: fc.nat(1), t: fc.nat(3 * DAY) }),
  fc.record({ kind: fc.constant('claimRead' as const), d: fc.nat(11), v: fc.nat(2), n: fc.nat(1), t: fc.nat(3 * DAY) }),
  fc.record({ kind: fc.constant('unclaim' as const), d: fc.nat(11) }),
  fc.record({ kind: fc.constant('sent' as const), d: fc.nat(11), t: fc.nat(3 * DAY) }),
  fc.record({ kind: fc.constant('retry' as const), d: fc.nat(11), t: fc.nat(3 * DAY) }),
  fc.record({ kind: fc.constant('fail' as const), d: fc.nat(11), t: fc.nat(3 * DAY) }),
  fc.record({ kind: fc.constant('invalid' as const), d: fc.nat(11) }),
  fc.record({ kind: fc.constant('uncertain' as const), d: fc.nat(11) }),
  fc.record({ kind: fc.constant('skip' as const), d: fc.nat(11), cancelled: fc.boolean() }),
  fc.record({ kind: fc.constant('receipt' as const), d: fc.nat(11), s: fc.constantFrom('delivered' as const, 'read' as const, 'error' as const), t: fc.nat(3 * DAY) }),
  fc.record({ kind: fc.constant('reply' as const), d: fc.nat(11), t: fc.nat(3 * DAY) }),
  fc.record({ kind: fc.constant('skipContact' as const), d: fc.nat(11) }),
  fc.record({ kind: fc.constant('cancel' as const), c: fc.nat(1) }),
  fc.record({ kind: fc.constant('resend' as const), c: fc.nat(1) }),
  fc.record({ kind: fc.constant('recover' as const) }),
);

describe('counters', () => {
  it('always equal a GROUP BY over deliveries, whatever happens to them', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
        const db = memoryDb();
        try {
          const days = new DayKeyer('America/Sao_Paulo');
          const store = new DeliveryStore(db, days);
          const { listId, contactIds } = seedContacts(db, { count: 6 });
          const numbers = [insertNumber(db), insertNumber(db)];
          const campaigns = [0, 1].map(() => insertCampaign(db, fastDraft({ listIds: [listId], numberIds: numbers })));
          const ids: number[] = [];
          for (const c of campaigns) for (const contact of contactIds) ids.push(store.insert(c, contact).id);
          const base = Date.UTC(2025, 0, 6, 12);
          let seq = 0;
          for (const o of ops) {
            const id = 'd' in o ? ids[o.d % ids.length] : 0;
            const t = 't' in o ? base + o.t : base;
            switch (o.kind) {
              case 'claim':
                store.claim(id, { messageId: `M${seq++}`, text: 'oi', variation: o.v, numberId: numbers[o.n], at: t });
                break;
              case 'claimRead': {
                const row = store.get(id)!;
                if (row.state === 'queued') store.claimRead(row, { messageId: `M${seq++}`, text: 'oi', variation: o.v, numberId: numbers[o.n], at: t });
                break;
              }
              case 'unclaim': {
                const row = store.get(id)!;
                if (row.state === 'sending') store.unclaim(row, null);
                break;
              }
              case 'sent':
                store.markSent(id, { jid: 'x@s.whatsapp.net', sentAt: t });
                break;
              case 'retry':
                store.retryLater(id, { nextAttemptAt: t, code: 'SEND_FAILED', reason: 'x' });
                break;
              case 'fail':
                store.fail(id, { code: 'UNKNOWN', reason: 'x', at: t }, ['sending', 'sent']);
                break;
              case 'invalid':
                store.invalid(id, { code: 'NOT_ON_WHATSAPP', reason: 'x' });
                break;
              case 'uncertain':
                store.uncertain(id, { code: 'X', reason: 'x' });
                break;
              case 'skip':
                store.skip(id, { code: o.cancelled ? 'CANCELLED' : 'OPTED_OUT', reason: 'x' });
                break;
              case 'receipt': {
                const m = store.get(id)!.message_id;
                if (m) store.receipt(m, o.s, t, '463');
                break;
              }
              case 'reply':
                if (store.get(id)!.sent_at !== null) store.markReplied(id, t);
                break;
              case 'skipContact':
                store.skipQueuedForContact(store.get(id)!.contact_id!, { code: 'OPTED_OUT', reason: 'x' });
                break;
              case 'cancel':
                store.skipQueuedForCampaign(campaigns[o.c], { code: 'CANCELLED', reason: 'x' });
                break;
              case 'resend':
                store.requeueResendable(campaigns[o.c]);
                break;
              case 'recover':
                store.recoverSending('x');
                break;
            }
          }
          const want = expected(db, days);
          const got = actual(db);
          expect(Object.fromEntries(got.campaign)).toEqual(Object.fromEntries(want.campaign));
          expect(Object.fromEntries(got.variation)).toEqual(Object.fromEntries(want.variation));
          expect(Object.fromEntries(got.number)).toEqual(Object.fromEntries(want.number));
        } finally {
          db.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});

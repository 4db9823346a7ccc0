import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DeliveryStore } from '../campaigns/deliveries/delivery-store';
import { DayKeyer } from '../campaigns/deliveries/day-key';
import { DELIVERY_STATES, viewStateOf, type DeliveryState } from '../campaigns/deliveries/states';
import { fastDraft, insertCampaign, insertNumber, memoryDb, seedContacts } from '../campaigns/engine/testing/fixtures';
import type { Db } from '../db/open';
import { DealsStore } from './deals';

const DAY = 86_400_000;
const HOUR = 3_600_000;

type R = Record<string, number | string | null>;
const hourOf = (t: number) => Math.floor(t / HOUR) * HOUR;

/** What every counter must equal: GROUP BY over the rows themselves, computed here independently of the triggers. */
function expected(db: Db, days: DayKeyer) {
  const out = new Map<string, number>();
  const inc = (k: string, n = 1) => out.set(k, (out.get(k) ?? 0) + n);
  for (const r of db.prepare('SELECT * FROM deliveries').all() as R[]) {
    const c = r.campaign_id;
    // A skip of a cancelled campaign counts as cancelled.
    const state = viewStateOf(r.state as DeliveryState, r.error_code as string | null);
    inc(`c|${c}|${state}`);
    inc(`c|${c}|total`);
    if (r.replied_at !== null) inc(`c|${c}|replied`);
    if (r.variation !== null) {
      inc(`v|${c}|${r.variation}|${state}`);
      if (r.replied_at !== null) inc(`v|${c}|${r.variation}|replied`);
    }
    if (r.number_id !== null) {
      for (const col of ['sent', 'delivered', 'read', 'replied'] as const) {
        const at = r[`${col}_at`] as number | null;
        if (at !== null) inc(`n|${r.number_id}|${days.keyOf(at)}|${col}`);
      }
      if (r.state === 'failed' && r.failed_at !== null) inc(`n|${r.number_id}|${days.keyOf(r.failed_at as number)}|failed`);
    }
    // Hourly timeline (see migration 0008 for the definitions).
    if (['sent', 'delivered', 'read'].includes(r.state as string) && r.sent_at !== null) inc(`h|${c}|${hourOf(r.sent_at as number)}|sent`);
    if (r.delivered_at !== null) inc(`h|${c}|${hourOf(r.delivered_at as number)}|delivered`);
    if (r.read_at !== null) inc(`h|${c}|${hourOf(r.read_at as number)}|read`);
    if (r.replied_at !== null) inc(`h|${c}|${hourOf(r.replied_at as number)}|replied`);
    if (r.state === 'failed' && r.failed_at !== null) inc(`h|${c}|${hourOf(r.failed_at as number)}|failed`);
    if (r.state === 'invalid') inc(`h|${c}|${hourOf((r.last_attempt_at ?? r.created_at) as number)}|invalid`);
  }
  // All campaigns per hour.
  for (const [k, n] of [...out]) {
    const [kind, , hour, col] = k.split('|');
    if (kind === 'h') inc(`t|${hour}|${col}`, n);
  }
  for (const r of db.prepare('SELECT campaign_id, sum(delta) AS n FROM deals WHERE campaign_id IS NOT NULL GROUP BY campaign_id').all() as R[]) {
    if (r.n) inc(`r|${r.campaign_id}|closed_deals`, r.n as number);
  }
  for (const r of db.prepare('SELECT campaign_id, count(*) AS n FROM opt_out_events WHERE campaign_id IS NOT NULL GROUP BY campaign_id').all() as R[]) {
    inc(`r|${r.campaign_id}|opted_out`, r.n as number);
  }
  return Object.fromEntries([...out].filter(([, n]) => n !== 0));
}

function actual(db: Db) {
  const out = new Map<string, number>();
  const cols = [...DELIVERY_STATES, 'replied', 'total'];
  for (const r of db.prepare('SELECT * FROM campaign_counters').all() as R[]) for (const c of cols) if (r[c]) out.set(`c|${r.campaign_id}|${c}`, r[c] as number);
  for (const r of db.prepare('SELECT * FROM variation_counters').all() as R[]) for (const c of cols) if (r[c]) out.set(`v|${r.campaign_id}|${r.variation}|${c}`, r[c] as number);
  for (const r of db.prepare('SELECT * FROM number_daily_counters').all() as R[]) {
    for (const c of ['sent', 'delivered', 'read', 'replied', 'failed']) if (r[c]) out.set(`n|${r.number_id}|${r.day}|${c}`, r[c] as number);
  }
  for (const r of db.prepare('SELECT * FROM hourly_counters').all() as R[]) {
    for (const c of ['sent', 'delivered', 'read', 'replied', 'failed', 'invalid']) if (r[c]) out.set(`h|${r.campaign_id}|${r.hour_start}|${c}`, r[c] as number);
  }
  for (const r of db.prepare('SELECT * FROM hourly_totals').all() as R[]) {
    for (const c of ['sent', 'delivered', 'read', 'replied', 'failed', 'invalid']) if (r[c]) out.set(`t|${r.hour_start}|${c}`, r[c] as number);
  }
  for (const r of db.prepare('SELECT * FROM campaign_results').all() as R[]) {
    for (const c of ['closed_deals', 'opted_out']) if (r[c]) out.set(`r|${r.campaign_id}|${c}`, r[c] as number);
  }
  return Object.fromEntries(out);
}

const d = fc.nat(11);
const t = fc.nat(3 * DAY);
const op = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('claim' as const), d, v: fc.nat(2), n: fc.nat(1), t }), weight: 4 },
  fc.record({ kind: fc.constant('unclaim' as const), d }),
  { arbitrary: fc.record({ kind: fc.constant('sent' as const), d, t }), weight: 3 },
  fc.record({ kind: fc.constant('retry' as const), d, t }),
  fc.record({ kind: fc.constant('fail' as const), d, t }),
  fc.record({ kind: fc.constant('invalid' as const), d }),
  fc.record({ kind: fc.constant('uncertain' as const), d }),
  fc.record({ kind: fc.constant('skip' as const), d }),
  { arbitrary: fc.record({ kind: fc.constant('receipt' as const), d, s: fc.constantFrom('delivered' as const, 'read' as const, 'error' as const), t }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('reply' as const), d, t }), weight: 2 },
  fc.record({ kind: fc.constant('skipContact' as const), d }),
  fc.record({ kind: fc.constant('cancel' as const), c: fc.nat(1) }),
  fc.record({ kind: fc.constant('resend' as const), c: fc.nat(1) }),
  fc.record({ kind: fc.constant('recover' as const) }),
  fc.record({ kind: fc.constant('dealAdd' as const), c: fc.nat(1) }),
  fc.record({ kind: fc.constant('dealRemove' as const), c: fc.nat(1) }),
  fc.record({ kind: fc.constant('optOut' as const), d }),
  fc.record({ kind: fc.constant('deleteContact' as const), d }),
);

type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(db: Db, ops: Op[]) {
  const days = new DayKeyer('America/Sao_Paulo');
  const store = new DeliveryStore(db, days);
  const deals = new DealsStore(db);
  const { listId, contactIds } = seedContacts(db, { count: 6 });
  const numbers = [insertNumber(db), insertNumber(db)];
  const campaigns = [0, 1].map(() => insertCampaign(db, fastDraft({ listIds: [listId], numberIds: numbers })));
  const ids: number[] = [];
  for (const c of campaigns) for (const contact of contactIds) ids.push(store.insert(c, contact).id);
  const base = Date.UTC(2025, 0, 6, 12);
  let seq = 0;
  for (const o of ops) {
    const id = 'd' in o ? ids[o.d % ids.length] : 0;
    const at = 't' in o ? base + o.t : base;
    switch (o.kind) {
      case 'claim':
        store.claim(id, { messageId: `M${seq++}`, text: 'oi', variation: o.v, numberId: numbers[o.n], at });
        break;
      case 'unclaim': {
        const row = store.get(id)!;
        if (row.state === 'sending') store.unclaim(row, null);
        break;
      }
      case 'sent':
        store.markSent(id, { jid: 'x@s.whatsapp.net', sentAt: at });
        break;
      case 'retry':
        store.retryLater(id, { nextAttemptAt: at, code: 'SEND_FAILED', reason: 'x' });
        break;
      case 'fail':
        store.fail(id, { code: 'UNKNOWN', reason: 'x', at }, ['sending', 'sent']);
        break;
      case 'invalid':
        store.invalid(id, { code: 'NOT_ON_WHATSAPP', reason: 'x' });
        break;
      case 'uncertain':
        store.uncertain(id, { code: 'X', reason: 'x' });
        break;
      case 'skip':
        store.skip(id, { code: 'OPTED_OUT', reason: 'x' });
        break;
      case 'receipt': {
        const m = store.get(id)!.message_id;
        if (m) store.receipt(m, o.s, at, '463');
        break;
      }
      case 'reply':
        if (store.get(id)!.sent_at !== null) store.markReplied(id, at);
        break;
      case 'skipContact': {
        const contact = store.get(id)!.contact_id;
        if (contact !== null) store.skipQueuedForContact(contact, { code: 'OPTED_OUT', reason: 'x' });
        break;
      }
      case 'cancel':
        store.skipQueuedForCampaign(campaigns[o.c], { code: 'CANCELLED', reason: 'x' });
        break;
      case 'resend':
        store.requeueResendable(campaigns[o.c]);
        break;
      case 'recover':
        store.recoverSending('x');
        break;
      case 'dealAdd':
        deals.add({ campaignId: campaigns[o.c] });
        break;
      case 'dealRemove':
        try {
          deals.remove({ campaignId: campaigns[o.c] });
        } catch (err) {
          expect((err as { code: string }).code).toBe('deals.none_to_remove');
        }
        break;
      case 'optOut': {
        const row = store.get(id)!;
        db.prepare(`INSERT INTO opt_out_events (contact_id, phone_key, source, campaign_id, at) VALUES (?, '+5511999999999', 'reply', ?, ?)`).run(row.contact_id, row.campaign_id, base);
        break;
      }
      case 'deleteContact': {
        // The delivery stays (contact_id becomes NULL): counters must not move.
        const contact = store.get(id)!.contact_id;
        if (contact !== null) db.prepare('DELETE FROM contacts WHERE id = ?').run(contact);
        break;
      }
    }
  }
  return { days, campaigns };
}

describe('results counters', () => {
  it('campaign, variation, number, hourly (per campaign and in total) and deal counters always equal a GROUP BY over the rows', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 80 }), (ops) => {
        const db = memoryDb();
        try {
          const { days } = apply(db, ops);
          expect(actual(db)).toEqual(expected(db, days));
        } finally {
          db.close();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('deleting a campaign removes its hourly and deal counters and leaves the others exact', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 60 }), (ops) => {
        const db = memoryDb();
        try {
          const { days, campaigns } = apply(db, ops);
          db.prepare('DELETE FROM campaigns WHERE id = ?').run(campaigns[0]);
          // Per-number daily counters are history of what each number sent (caps count it): they outlive campaigns.
          const mine = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).filter(([k]) => !k.startsWith('n|')));
          expect(mine(actual(db))).toEqual(mine(expected(db, days)));
        } finally {
          db.close();
        }
      }),
      { numRuns: 50 },
    );
  });
});

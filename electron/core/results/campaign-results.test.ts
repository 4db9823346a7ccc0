import { afterEach, describe, expect, it } from 'vitest';
import { CampaignResultsReader } from './campaign-results';
import { DealsStore } from './deals';
import { listReplies, waLinkOf } from './replies';
import { seed, type Seeded } from './test-support';

const T = Date.UTC(2025, 10, 24, 13);
let s: Seeded;
afterEach(() => s.db.close());

describe('campaign results', () => {
  it('reads totals, rates, progress and deals from the counters', () => {
    s = seed({ contacts: 8, numbers: [{ kind: 'whatsapp', label: 'Loja' }] });
    const id = s.campaign({ name: 'Promo' });
    const c = s.contactIds;
    s.send(id, c[0], { at: T, delivered: T + 1, read: T + 2, replied: T + 3 });
    s.send(id, c[1], { at: T, delivered: T + 1 });
    s.send(id, c[2], { at: T });
    s.fail(id, c[3], T);
    s.store.insert(id, c[4]);
    s.store.insert(id, c[5]);
    new DealsStore(s.db).add({ campaignId: id });
    s.db.prepare(`INSERT INTO opt_out_events (contact_id, phone_key, source, campaign_id, at) VALUES (?, '+5511999990000', 'reply', ?, ?)`).run(c[0], id, T);

    const r = new CampaignResultsReader(s.db).read(id, T);
    expect(r.counters).toMatchObject({ total: 6, queued: 2, sent: 1, delivered: 1, read: 1, failed: 1, replied: 1 });
    expect(r.reached).toBe(3);
    expect(r.closedDeals).toBe(1);
    expect(r.optedOut).toBe(1);
    expect(r.simulated).toBe(false);
    // Only what ended by sending or failing counts as done.
    expect(r.progress).toEqual({ done: 4, total: 6, fraction: 4 / 6 });
    expect(r.rates.delivery).toBeCloseTo(2 / 3);
    expect(r.rates.read).toBeCloseTo(1 / 3);
    expect(r.rates.reply).toBeCloseTo(1 / 3);
    expect(r.rates.success).toBeCloseTo(3 / 4);
    expect(r.rates.conversion).toBeCloseTo(1 / 3);
    // A draft (not running) has no ETA.
    expect(r.eta).toBeNull();
  });

  it('compares variations side by side and highlights the best one only with enough data', () => {
    s = seed({ contacts: 80 });
    const id = s.campaign({ messages: { variations: [{ id: 'a', text: 'Oi A', attachment: null }, { id: 'b', text: 'Oi B', attachment: null }], strategy: 'even', optOut: { enabled: false, text: '' }, linkPreview: false } });
    const reader = new CampaignResultsReader(s.db);
    for (let i = 0; i < 60; i++) s.send(id, s.contactIds[i], { at: T, variation: i % 2, replied: i % 2 === 1 && i < 20 ? T + 5 : undefined });
    let r = reader.read(id, T);
    expect(r.variations.map((v) => [v.label, v.reached, v.replied, v.best])).toEqual([
      ['A', 30, 0, false],
      ['B', 30, 10, true],
    ]);
    expect(r.variations[1].text).toBe('Oi B');
    expect(r.variations[1].replyRate).toBeCloseTo(1 / 3);
    // With one variation below 30 sends there is no winner yet.
    s.send(id, s.contactIds[70], { at: T, variation: 2 });
    r = reader.read(id, T);
    expect(r.variations.some((v) => v.best)).toBe(false);
  });

  it('labels campaigns with a simulated number and estimates the end while running', () => {
    s = seed({ contacts: 3, numbers: [{ kind: 'simulator' }] });
    const id = s.campaign();
    s.store.insert(id, s.contactIds[0]);
    s.db.prepare(`UPDATE campaigns SET status = 'running' WHERE id = ?`).run(id);
    const r = new CampaignResultsReader(s.db).read(id, T);
    expect(r.simulated).toBe(true);
    expect(r.eta).toMatchObject({ reason: 'estimate', remaining: 1 });
    expect(r.eta!.message).toMatch(/^estimativa:/);
  });

  it('estimates from the real pace of the latest sends when the engine has them', () => {
    s = seed({ contacts: 40, numbers: [{ kind: 'simulator' }] });
    // Configured: 30–90 s between messages (about 60 per hour).
    const id = s.campaign({ pacing: { minDelaySec: 30, maxDelaySec: 90, typing: false, batchEvery: 0, batchPauseMinutes: 0, hourlyCap: 0, dailyCap: 0 } });
    for (const c of s.contactIds.slice(0, 30)) s.store.insert(id, c);
    s.db.prepare(`UPDATE campaigns SET status = 'running' WHERE id = ?`).run(id);
    const reader = new CampaignResultsReader(s.db);
    const fromSettings = reader.read(id, T).eta!;
    expect(fromSettings.perHour).toBeCloseTo(60);
    // Really one message every 2 minutes: 30 left take an hour, not half an hour.
    const recentSends = [0, 1, 2, 3, 4, 5].map((i) => T - 10 * 60_000 + i * 120_000);
    const real = reader.read(id, T, { recentSends }).eta!;
    expect(real.perHour).toBeCloseTo(30);
    expect(real.at).toBe(T + 60 * 60_000);
  });

  it('says clearly when a campaign does not exist', () => {
    s = seed();
    expect(() => new CampaignResultsReader(s.db).read(999)).toThrow(/não existe mais/);
  });
});

describe('replies inbox and deals', () => {
  function inbox() {
    s = seed({ contacts: 4, numbers: [{ kind: 'simulator', label: 'Simulado 1' }, { kind: 'whatsapp', label: 'Loja' }] });
    const [sim, real] = s.numbers;
    const a = s.campaign({ name: 'Promo' });
    const c = s.contactIds;
    const d0 = s.send(a, c[0], { at: T, text: 'Oi Ana, temos pão quente!', number: sim });
    const r1 = s.inbound({ deliveryId: d0, contactId: c[0], campaignId: a, numberId: sim, text: 'Quero 2!', at: T + 10 });
    const r2 = s.inbound({ contactId: c[1], campaignId: null, numberId: real, text: 'SAIR', at: T + 20, optOut: true });
    const r3 = s.inbound({ contactId: null, numberId: real, text: 'Quem é?', at: T + 30, from: '+5511988887777' });
    return { a, sim, real, r1, r2, r3 };
  }

  it('lists replies newest first with who, what prompted them, and filters', () => {
    const { a, sim, real, r1, r2, r3 } = inbox();
    const all = listReplies(s.db);
    expect(all.total).toBe(3);
    expect(all.rows.map((r) => r.id)).toEqual([r3, r2, r1]);
    const first = all.rows[2];
    expect(first).toMatchObject({ text: 'Quero 2!', prompt: 'Oi Ana, temos pão quente!', campaignName: 'Promo', numberLabel: 'Simulado 1', simulated: true, optOut: false, dealClosed: false });
    expect(first.waLink).toBe(`https://wa.me/${first.phone!.slice(1)}`);
    expect(all.rows[1]).toMatchObject({ optOut: true, campaignId: null });
    expect(all.rows[0]).toMatchObject({ contactId: null, phone: '+5511988887777', waLink: 'https://wa.me/5511988887777' });
    expect(listReplies(s.db, { campaignId: a }).rows.map((r) => r.id)).toEqual([r1]);
    expect(listReplies(s.db, { numberId: real }).total).toBe(2);
    expect(listReplies(s.db, { numberId: sim, campaignId: a }).total).toBe(1);
    expect(listReplies(s.db, { offset: 1, limit: 1 }).rows.map((r) => r.id)).toEqual([r2]);
  });

  it('"negócio fechado" on a reply counts once for its campaign and can be undone', () => {
    const { a, r1, r3 } = inbox();
    const deals = new DealsStore(s.db);
    expect(deals.add({ inboundId: r1 })).toEqual({ campaignId: a, inboundId: r1, closedDeals: 1, dealClosed: true, revenueCents: 0 });
    expect(() => deals.add({ inboundId: r1 })).toThrow(expect.objectContaining({ code: 'deals.already_closed' }));
    expect(listReplies(s.db).rows.find((r) => r.id === r1)!.dealClosed).toBe(true);
    expect(new CampaignResultsReader(s.db).read(a).rates.conversion).toBe(1);
    expect(deals.remove({ inboundId: r1 })).toEqual({ campaignId: a, inboundId: r1, closedDeals: 0, dealClosed: false, revenueCents: 0 });
    expect(() => deals.remove({ inboundId: r1 })).toThrow(expect.objectContaining({ code: 'deals.not_closed' }));
    // A reply outside any campaign still records the deal (for the dashboard).
    expect(deals.add({ inboundId: r3 })).toMatchObject({ campaignId: null, closedDeals: null, dealClosed: true });
  });

  it('campaign -/+ never goes below zero and takes back the latest deal first', () => {
    const { a, r1 } = inbox();
    const deals = new DealsStore(s.db);
    expect(() => deals.remove({ campaignId: a })).toThrow(expect.objectContaining({ code: 'deals.none_to_remove' }));
    deals.add({ campaignId: a });
    deals.add({ inboundId: r1 });
    expect(deals.closedDeals(a)).toBe(2);
    // The reply's deal is the latest: "-" takes it back and the reply is no longer marked.
    expect(deals.remove({ campaignId: a })).toMatchObject({ closedDeals: 1, inboundId: r1, dealClosed: false });
    expect(deals.remove({ campaignId: a })).toMatchObject({ closedDeals: 0, inboundId: null });
    expect(() => deals.add({})).toThrow(expect.objectContaining({ code: 'deals.target_required' }));
    expect(() => deals.add({ campaignId: 999 })).toThrow(expect.objectContaining({ code: 'campaigns.not_found' }));
    expect(() => deals.add({ inboundId: 999 })).toThrow(expect.objectContaining({ code: 'deals.reply_not_found' }));
  });

  it('a deal with a value adds to the revenue (campaign, variation, per 100 reached, dashboard) and undoing takes exactly it back', () => {
    const { a, r1 } = inbox();
    const deals = new DealsStore(s.db);
    expect(deals.add({ inboundId: r1, valueCents: 125_000 })).toMatchObject({ closedDeals: 1, revenueCents: 125_000 });
    expect(listReplies(s.db).rows.find((r) => r.id === r1)).toMatchObject({ dealClosed: true, dealValueCents: 125_000 });
    deals.add({ campaignId: a, valueCents: 30_000 });
    deals.add({ campaignId: a });
    const read = new CampaignResultsReader(s.db).read(a);
    expect(read).toMatchObject({ closedDeals: 3, revenueCents: 155_000 });
    expect(read.revenuePer100Cents).toBe(Math.round((155_000 * 100) / read.reached));
    // Only the reply's deal belongs to a variation (the message it answered).
    expect(read.variations.map((v) => [v.deals, v.revenueCents]).filter(([n]) => n > 0)).toEqual([[1, 125_000]]);

    // "-" takes back the newest deal (no value), then the R$ 300 one; the reply's stays.
    expect(deals.remove({ campaignId: a })).toMatchObject({ closedDeals: 2, revenueCents: 155_000 });
    expect(deals.remove({ campaignId: a })).toMatchObject({ closedDeals: 1, revenueCents: 125_000 });
    expect(deals.remove({ inboundId: r1 })).toMatchObject({ closedDeals: 0, revenueCents: 0 });
    expect(listReplies(s.db).rows.find((r) => r.id === r1)).toMatchObject({ dealClosed: false, dealValueCents: null });
  });

  it('builds wa.me links only from phone numbers', () => {
    expect(waLinkOf('+5511987654321')).toBe('https://wa.me/5511987654321');
    expect(waLinkOf('123@lid')).toBeNull();
    expect(waLinkOf(null)).toBeNull();
  });
});

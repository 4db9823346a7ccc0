import { afterEach, describe, expect, it } from 'vitest';
import { zonedTimeToEpoch } from '../campaigns/schedule/tz';
import { DashboardReader } from './dashboard';
import { DealsStore } from './deals';
import { seed, TZ, type Seeded } from './test-support';

// Monday 24 Nov 2025, 15:00 in São Paulo (18:00 UTC).
const at = (day: number, hour: number, minute = 0, month = 11) => zonedTimeToEpoch({ year: 2025, month, day }, hour, minute, TZ);
const NOW = at(24, 15);

let s: Seeded;
afterEach(() => s.db.close());

function seeded() {
  s = seed({ contacts: 12, numbers: [{ kind: 'simulator', label: 'Simulado 1' }, { kind: 'whatsapp', label: 'Loja' }] });
  const [sim, real] = s.numbers;
  const a = s.campaign({ name: 'Black Friday' });
  const b = s.campaign({ name: 'Natal' });
  const c = s.contactIds;
  // Today (local): 00:30 is 03:30 UTC; yesterday 23:30 local is already the 24th in UTC.
  s.send(a, c[0], { at: at(24, 0, 30), delivered: at(24, 0, 31), read: at(24, 9), replied: at(24, 10), number: sim });
  s.send(a, c[1], { at: at(24, 14), number: real });
  s.send(a, c[2], { at: at(23, 23, 30), delivered: at(23, 23, 31), number: sim });
  s.fail(a, c[3], at(24, 11), real);
  // 5 and 20 days ago; 40 days ago is outside every window.
  s.send(b, c[4], { at: at(19, 12), read: at(19, 13) });
  s.send(b, c[5], { at: at(4, 12) });
  s.send(b, c[6], { at: at(15, 12, 0, 10) });
  s.db.prepare(`UPDATE contacts SET status = 'opted_out' WHERE id IN (?, ?)`).run(c[10], c[11]);
  s.db.prepare(`UPDATE campaigns SET status = 'running' WHERE id = ?`).run(a);
  return { a, b, sim, real };
}

describe('dashboard', () => {
  it('counts sends per local day in the app time zone', () => {
    seeded();
    const d = new DashboardReader(s.db).read({ range: 'today' }, { now: NOW, timeZone: TZ });
    expect(d.sent).toEqual({ today: 2, last7: 4, last30: 5 });
    expect(d.range.fromDay).toBe('2025-11-24');
    expect(d.inRange).toMatchObject({ sent: 2, read: 1, replied: 1, failed: 1 });
    expect(d.rates.success).toBeCloseTo(2 / 3);
    expect(d.rates.reply).toBeCloseTo(1 / 2);
  });

  it('follows the time zone setting: in UTC the 23:30 send belongs to today', () => {
    seeded();
    const d = new DashboardReader(s.db).read({ range: 'today' }, { now: NOW, timeZone: 'UTC' });
    expect(d.sent.today).toBe(3);
  });

  it('shows contacts, campaigns and numbers', () => {
    const { sim, real } = seeded();
    const d = new DashboardReader(s.db).read({ range: '30d' }, { now: NOW, timeZone: TZ });
    expect(d.contacts).toEqual({ total: 12, active: 10, optedOut: 2 });
    expect(d.campaigns).toMatchObject({ running: 1, total: 2 });
    expect(d.anySimulated).toBe(true);
    const byId = Object.fromEntries(d.numbers.map((n) => [n.id, n]));
    expect(byId[sim]).toMatchObject({ label: 'Simulado 1', simulated: true, sentToday: 1, failedToday: 0, connected: false });
    expect(byId[real]).toMatchObject({ label: 'Loja', simulated: false, sentToday: 2, failedToday: 1 });
    const live = new DashboardReader(s.db).read({ range: '30d' }, { now: NOW, timeZone: TZ, numberToday: (id) => (id === real ? { sent: 7, cap: 50 } : undefined) });
    expect(live.numbers.find((n) => n.id === real)).toMatchObject({ sentToday: 7, cap: 50 });
  });

  it('counts contacts at once, whoever changed them', () => {
    seeded();
    const reader = new DashboardReader(s.db);
    const total = () => reader.read({ range: 'today' }, { now: NOW, timeZone: TZ }).contacts;
    expect(total()).toMatchObject({ total: 12 });
    s.db.prepare(`INSERT INTO contacts (phone_key, created_at, updated_at) VALUES ('+5511900000001', 1, 1)`).run();
    s.db.prepare(`INSERT INTO contacts (phone_key, status, created_at, updated_at) VALUES ('+5511900000002', 'opted_out', 1, 1)`).run();
    expect(total()).toEqual({ total: 14, active: 11, optedOut: 3 });
    s.db.prepare(`DELETE FROM contacts WHERE phone_key = '+5511900000001'`).run();
    const after = total();
    expect(after.total).toBe(13);
    expect(after.total).toBe(s.db.prepare('SELECT count(*) FROM contacts').pluck().get());
  });

  it('counts closed deals and conversion in the range', () => {
    const { a } = seeded();
    const deals = new DealsStore(s.db, () => NOW);
    deals.add({ campaignId: a, valueCents: 49_90 });
    deals.add({ campaignId: a, valueCents: 10_00 });
    deals.remove({ campaignId: a });
    const d = new DashboardReader(s.db).read({ range: '7d' }, { now: NOW, timeZone: TZ });
    expect(d.inRange).toMatchObject({ closedDeals: 1, revenueCents: 49_90 });
    expect(d.rates.conversion).toBeCloseTo(1 / 4);
    const earlier = new DashboardReader(s.db).read({ range: 'custom', from: '2025-11-01', to: '2025-11-20' }, { now: NOW, timeZone: TZ });
    expect(earlier.inRange).toMatchObject({ sent: 2, closedDeals: 0 });
  });

  it('charts the range: hours for one day, days otherwise, adding up to the totals', () => {
    seeded();
    const reader = new DashboardReader(s.db);
    const today = reader.read({ range: 'today' }, { now: NOW, timeZone: TZ });
    expect(today.timeline.bucket).toBe('hour');
    expect(today.timeline.points).toHaveLength(24);
    expect(today.timeline.points.reduce((n, p) => n + p.sent, 0)).toBe(2);
    const month = reader.read({ range: '30d' }, { now: NOW, timeZone: TZ });
    expect(month.timeline.bucket).toBe('day');
    expect(month.timeline.points).toHaveLength(30);
    expect(month.timeline.points.at(-1)!.at).toBe(at(24, 0));
    expect(month.timeline.points.at(-1)!.sent).toBe(2);
    expect(month.timeline.points.at(-2)!.sent).toBe(1);
    expect(month.timeline.points.reduce((n, p) => n + p.sent, 0)).toBe(month.inRange.sent);
  });

  it('refuses impossible custom ranges with a clear message', () => {
    seeded();
    const reader = new DashboardReader(s.db);
    expect(() => reader.read({ range: 'custom', from: '2025-11-20', to: '2025-11-01' }, { now: NOW, timeZone: TZ })).toThrow(/data final vem antes/);
    expect(() => reader.read({ range: 'custom', from: '2025-02-30', to: '2025-03-01' }, { now: NOW, timeZone: TZ })).toThrow(/inválida/);
    expect(() => reader.read({ range: 'custom' }, { now: NOW, timeZone: TZ })).toThrow(/Escolha a data/);
  });

  it('is empty, not broken, on a fresh install', () => {
    s = seed({ contacts: 0, numbers: [] });
    const d = new DashboardReader(s.db).read({ range: '7d' }, { now: NOW, timeZone: TZ });
    expect(d.contacts.total).toBe(0);
    expect(d.sent).toEqual({ today: 0, last7: 0, last30: 0 });
    expect(d.rates.success).toBeNull();
    expect(d.numbers).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { tempStore, type TempStore } from '../channels/whatsapp/testing/helpers';
import { CounterWriter } from '../campaigns/deliveries/counters';
import { DayKeyer } from '../campaigns/deliveries/day-key';
import { materializeGroupDeliveries, previewGroupAudience } from './group-audience';

let st: TempStore | null = null;
afterEach(() => {
  st?.cleanup();
  st = null;
});

function seed() {
  st = tempStore();
  const db = st.db;
  const numberId = Number(db.prepare(`INSERT INTO numbers (label, kind, status, created_at, updated_at) VALUES ('Loja', 'whatsapp', 'connected', 0, 0)`).run().lastInsertRowid);
  const group = (jid: string, o: { admin?: boolean; announce?: boolean; community?: boolean; left?: boolean } = {}) =>
    db
      .prepare('INSERT INTO wa_groups (number_id, jid, subject, size, is_admin, announce, community, seen_at, left_at) VALUES (?, ?, ?, 3, ?, ?, ?, 1, ?)')
      .run(numberId, jid, jid, o.admin ? 1 : 0, o.announce ? 1 : 0, o.community ? 1 : 0, o.left ? 2 : null);
  group('open@g.us');
  group('admins@g.us', { announce: true });
  group('mine@g.us', { announce: true, admin: true });
  group('left@g.us', { left: true });
  group('community@g.us', { community: true });
  const campaignId = Number(db.prepare(`INSERT INTO campaigns (name, status, draft, seed, created_at, updated_at) VALUES ('Ofertas', 'draft', '{}', 's', 1, 1)`).run().lastInsertRowid);
  return { db, numberId, campaignId };
}

describe('groups as a campaign audience', () => {
  it('keeps only groups the number may post in, and says why the others are out', () => {
    const { db, numberId } = seed();
    const p = previewGroupAudience(db, numberId, ['open@g.us', 'admins@g.us', 'mine@g.us', 'left@g.us', 'community@g.us', 'unknown@g.us', 'open@g.us']);
    expect(p.accepted).toEqual(['open@g.us', 'mine@g.us']);
    expect(p.skipped).toEqual([
      { jid: 'admins@g.us', reason: 'admins_only' },
      { jid: 'left@g.us', reason: 'not_member' },
      { jid: 'community@g.us', reason: 'not_member' },
      { jid: 'unknown@g.us', reason: 'not_member' },
    ]);
  });

  it('queues one delivery per group with no contact, at most once per group even when started twice', () => {
    const { db, numberId, campaignId } = seed();
    const counters = new CounterWriter(db, new DayKeyer('America/Sao_Paulo'));
    const start = () => db.transaction(() => materializeGroupDeliveries(db, counters, campaignId, numberId, ['open@g.us', 'mine@g.us', 'admins@g.us']))();
    expect(start()).toBe(2);
    expect(start()).toBe(0);
    const rows = db.prepare<[number], { group_jid: string; contact_id: number | null; state: string }>('SELECT group_jid, contact_id, state FROM deliveries WHERE campaign_id = ? ORDER BY id').all(campaignId);
    expect(rows).toEqual([
      { group_jid: 'open@g.us', contact_id: null, state: 'queued' },
      { group_jid: 'mine@g.us', contact_id: null, state: 'queued' },
    ]);
    expect(db.prepare<[number], { total: number; queued: number }>('SELECT total, queued FROM campaign_counters WHERE campaign_id = ?').get(campaignId)).toEqual({ total: 2, queued: 2 });
  });
});

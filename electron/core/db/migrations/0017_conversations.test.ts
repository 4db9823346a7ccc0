import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrations } from './index';
import { migrate } from '../migrate';
import { DATABASE_FILE, openStore } from '../open';
import { makeTempDir } from '../../../../tests/helpers/temp-dir';

let tmp: ReturnType<typeof makeTempDir>;
beforeEach(() => {
  tmp = makeTempDir();
});
afterEach(() => tmp.cleanup());

describe('migration 0017 (conversations)', () => {
  it('turns earlier replies into read threads, one per sender, and keeps deal counts with a revenue of zero', () => {
    const file = path.join(tmp.dir, DATABASE_FILE);
    const old = new Database(file);
    migrate(old, migrations.slice(0, 16), file);
    const contact = Number(old.prepare(`INSERT INTO contacts (phone_key, name, created_at, updated_at) VALUES ('+5511987654321', 'Ana', 1, 1)`).run().lastInsertRowid);
    const campaign = Number(old.prepare(`INSERT INTO campaigns (name, status, draft, seed, created_at, updated_at) VALUES ('Promo', 'finished', '{}', 's', 1, 1)`).run().lastInsertRowid);
    const inbound = old.prepare(`INSERT INTO inbound_messages (contact_id, campaign_id, from_e164, jid, text, at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    inbound.run(contact, campaign, '+5511987654321', '5511987654321@s.whatsapp.net', 'Oi', 10, 10);
    const last = Number(inbound.run(contact, campaign, '+5511987654321', '5511987654321@s.whatsapp.net', 'Quero', 20, 20).lastInsertRowid);
    inbound.run(null, null, null, '123@lid', 'Olá', 15, 15);
    old.prepare(`INSERT INTO deals (campaign_id, contact_id, inbound_id, delta, at) VALUES (?, ?, ?, 1, 30)`).run(campaign, contact, last);
    old.close();

    const { db } = openStore(tmp.dir);
    const threads = db.prepare('SELECT key, phone_key, campaign_id, last_at, last_preview, unread, status FROM conversations ORDER BY key').all();
    expect(threads).toEqual([
      { key: '+5511987654321', phone_key: '+5511987654321', campaign_id: campaign, last_at: 20, last_preview: 'Quero', unread: 0, status: 'open' },
      { key: 'jid:123@lid', phone_key: null, campaign_id: null, last_at: 15, last_preview: 'Olá', unread: 0, status: 'open' },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM inbound_messages WHERE conversation_id IS NULL').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT closed_deals, revenue_cents FROM campaign_results WHERE campaign_id = ?').get(campaign)).toEqual({ closed_deals: 1, revenue_cents: 0 });
    // The new triggers keep revenue with the ledger.
    db.prepare(`INSERT INTO deals (campaign_id, delta, value_cents, at) VALUES (?, 1, 15000, 40)`).run(campaign);
    db.prepare(`INSERT INTO deals (campaign_id, delta, value_cents, at) VALUES (?, -1, 15000, 50)`).run(campaign);
    db.prepare(`INSERT INTO deals (campaign_id, delta, value_cents, at) VALUES (?, 1, 9990, 60)`).run(campaign);
    expect(db.prepare('SELECT closed_deals, revenue_cents FROM campaign_results WHERE campaign_id = ?').get(campaign)).toEqual({ closed_deals: 2, revenue_cents: 9990 });
    db.close();
  });
});

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

describe('migration 0011 (cancelled deliveries)', () => {
  it('moves cancelled skips to their own counter and cancels deliveries a cancelled campaign left queued', () => {
    const file = path.join(tmp.dir, DATABASE_FILE);
    const old = new Database(file);
    migrate(old, migrations.slice(0, 10), file);
    const campaign = old.prepare(`INSERT INTO campaigns (name, status, draft, seed, created_at, updated_at) VALUES (?, ?, '{}', 's', 1, 1)`);
    const cancelled = Number(campaign.run('Cancelada', 'cancelled').lastInsertRowid);
    const finished = Number(campaign.run('Concluída', 'finished').lastInsertRowid);
    const delivery = old.prepare(`INSERT INTO deliveries (campaign_id, state, error_code, created_at, updated_at) VALUES (?, ?, ?, 1, 1)`);
    // The cancelled campaign: 1 sent, 1 opted out (skip), 2 cancelled, 1 left queued by the old bug.
    delivery.run(cancelled, 'sent', null);
    delivery.run(cancelled, 'skipped', 'OPTED_OUT');
    delivery.run(cancelled, 'skipped', 'CANCELLED');
    delivery.run(cancelled, 'skipped', 'CANCELLED');
    delivery.run(cancelled, 'queued', null);
    delivery.run(finished, 'sent', null);
    delivery.run(finished, 'skipped', 'WINDOW_ENDED');
    const counters = old.prepare(`INSERT INTO campaign_counters (campaign_id, total, queued, sent, skipped) VALUES (?, ?, ?, ?, ?)`);
    counters.run(cancelled, 5, 1, 1, 3);
    counters.run(finished, 2, 0, 1, 1);
    old.close();

    const { db } = openStore(tmp.dir);
    const row = (id: number) => db.prepare('SELECT total, queued, sent, skipped, cancelled FROM campaign_counters WHERE campaign_id = ?').get(id);
    expect(row(cancelled)).toEqual({ total: 5, queued: 0, sent: 1, skipped: 1, cancelled: 3 });
    expect(row(finished)).toEqual({ total: 2, queued: 0, sent: 1, skipped: 1, cancelled: 0 });
    expect(db.prepare(`SELECT count(*) FROM deliveries WHERE state = 'queued'`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT count(*) FROM deliveries WHERE campaign_id = ? AND error_code = 'CANCELLED'`).pluck().get(cancelled)).toBe(3);
    db.close();
  });
});

/** At most once across a crash: a post that was being handed to WhatsApp is never sent again by itself. */
import { afterEach, describe, expect, it } from 'vitest';
import { callCore } from '../../../tests/helpers/core';
import { makeTempDir } from '../../../tests/helpers/temp-dir';
import { createCore } from '../core';
import { silentLogger } from '../log/logger';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('mirroring after a stop', () => {
  it('a post left "sending" becomes uncertain (never resent); one still queued keeps its turn, one hours late is dropped as stale', async () => {
    const tmp = makeTempDir('recado-mirror-');
    cleanups.push(() => tmp.cleanup());
    const first = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
    const { id: numberId } = await callCore(first, 'numbers.addSimulator', {});
    const db = first.context.db;
    // Seeded as a crash leaves them: one claimed (its message id stored) and one waiting its turn.
    const ruleId = Number(
      db.prepare("INSERT INTO mirror_rules (number_id, name, source_kind, source_jid, dedup_hours, pace_seconds, daily_cap, created_at, updated_at) VALUES (?, 'R', 'group', '1@g.us', 24, 60, 10, 1, 1)").run(numberId).lastInsertRowid,
    );
    const post = db.prepare("INSERT INTO mirror_posts (rule_id, number_id, source_message_id, dest_jid, state, content_hash, text, message_id, day, due_at, created_at) VALUES (?, ?, ?, '2@g.us', ?, 'h', 'Oferta', ?, '2026-12-06', ?, 1)");
    post.run(ruleId, numberId, 'src-1', 'sending', 'WAID1', 1);
    // One waiting for its turn an hour from now; one whose time passed 7 hours ago (too late now).
    post.run(ruleId, numberId, 'src-2', 'queued', null, Date.now() + 3_600_000);
    post.run(ruleId, numberId, 'src-3', 'queued', null, Date.now() - 7 * 3_600_000);
    await first.close();

    const second = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger() });
    cleanups.push(() => second.close());
    const log = await callCore(second, 'mirroring.log', { id: ruleId });
    expect(log.map((e) => [e.state, e.reason])).toEqual([
      ['skipped', 'stale'],
      ['queued', null],
      ['uncertain', 'interrupted'],
    ]);
  });
});

/**
 * Per-number WhatsApp bookkeeping in SQLite (migration 0011): what we sent (for Baileys' retry
 * requests), which inbound ids were already handled (a replay is processed once) and how many
 * numbers were looked up today (the "Verificar WhatsApp" ceiling).
 */
import type { proto } from '@whiskeysockets/baileys';
import { baileys } from './baileys';
import type { Db } from '../../db/open';
import type { SecretBox } from '../../secrets/secret-box';

/** Retry requests come within days; keep a margin. */
export const SENT_RETENTION_MS = 21 * 24 * 60 * 60 * 1000;
/** Replays come within WhatsApp's offline window (about 30 days for a linked device). */
export const SEEN_RETENTION_MS = 45 * 24 * 60 * 60 * 1000;

export interface SentMessageStore {
  put(messageId: string, message: proto.IMessage): void;
  get(messageId: string): proto.IMessage | undefined;
}

export interface InboundSeenStore {
  /** Records `messageId`; false when it was already recorded (a duplicate). */
  firstTime(messageId: string): boolean;
}

export function sqliteSentStore(db: Db, box: SecretBox, numberId: number, now: () => number = Date.now): SentMessageStore {
  const insert = db.prepare('INSERT OR REPLACE INTO wa_sent (number_id, message_id, value, created_at) VALUES (?, ?, ?, ?)');
  const read = db.prepare<[number, string], { value: Buffer }>('SELECT value FROM wa_sent WHERE number_id = ? AND message_id = ?');
  const prune = db.prepare('DELETE FROM wa_sent WHERE created_at < ?');
  let writes = 0;
  return {
    put(messageId, message) {
      const { proto: { Message }, BufferJSON } = baileys();
      const plain = JSON.stringify(Message.toObject(Message.fromObject(message), { bytes: Buffer, longs: Number, defaults: false }), BufferJSON.replacer);
      insert.run(numberId, messageId, box.seal(plain), now());
      if (++writes % 500 === 1) prune.run(now() - SENT_RETENTION_MS);
    },
    get(messageId) {
      const row = read.get(numberId, messageId);
      if (!row) return undefined;
      const { proto: { Message }, BufferJSON } = baileys();
      return Message.fromObject(JSON.parse(box.open(row.value).toString('utf8'), BufferJSON.reviver) as Record<string, unknown>);
    },
  };
}

export function sqliteInboundSeen(db: Db, numberId: number, now: () => number = Date.now): InboundSeenStore {
  const insert = db.prepare('INSERT OR IGNORE INTO wa_inbound_seen (number_id, message_id, seen_at) VALUES (?, ?, ?)');
  const prune = db.prepare('DELETE FROM wa_inbound_seen WHERE seen_at < ?');
  let writes = 0;
  return {
    firstTime(messageId) {
      const fresh = insert.run(numberId, messageId, now()).changes > 0;
      if (fresh && ++writes % 500 === 1) prune.run(now() - SEEN_RETENTION_MS);
      return fresh;
    },
  };
}

/** Lookups already made today by `numberId` (day = the local calendar day of `now`). */
export function checksToday(db: Db, numberId: number, day: string): number {
  return db.prepare<[number, string], { checked: number }>('SELECT checked FROM wa_check_usage WHERE number_id = ? AND day = ?').get(numberId, day)?.checked ?? 0;
}

export function addChecks(db: Db, numberId: number, day: string, n: number): void {
  db.prepare(
    'INSERT INTO wa_check_usage (number_id, day, checked) VALUES (?, ?, ?) ON CONFLICT(number_id, day) DO UPDATE SET checked = checked + excluded.checked',
  ).run(numberId, day, n);
}

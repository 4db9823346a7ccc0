/** A number's recent logins and drops in SQLite (migration 0016), for the reconnect guard. */
import type { Db } from '../../db/open';
import type { ConnectionHistory, GuardEvent, GuardEventKind } from './reconnect-guard';

/** Older events never matter to the guard (its longest look back is a few hours). */
export const CONNECTION_EVENTS_RETENTION_MS = 6 * 60 * 60_000;

export function sqliteConnectionHistory(db: Db, numberId: number): ConnectionHistory {
  const insert = db.prepare('INSERT INTO wa_connection_events (number_id, kind, at) VALUES (?, ?, ?)');
  const prune = db.prepare('DELETE FROM wa_connection_events WHERE at < ?');
  const read = db.prepare<[number, number], GuardEvent>('SELECT kind, at FROM wa_connection_events WHERE number_id = ? AND at >= ? ORDER BY at, rowid');
  let writes = 0;
  return {
    load: (since) => read.all(numberId, since),
    record(kind: GuardEventKind, at: number) {
      insert.run(numberId, kind, at);
      if (++writes % 50 === 1) prune.run(at - CONNECTION_EVENTS_RETENTION_MS);
    },
  };
}

/** The groups each linked number is in, as last read from WhatsApp (table wa_groups). */
import type { Db } from '../db/open';
import type { GroupInfo } from '../channels/whatsapp/groups-wire';
import type { GroupList, GroupView } from '../../../shared/api/methods/groups';

interface Row {
  jid: string;
  subject: string;
  size: number;
  is_admin: number;
  announce: number;
}

function view(r: Row): GroupView {
  const isAdmin = r.is_admin === 1;
  const announce = r.announce === 1;
  return { jid: r.jid, subject: r.subject, size: r.size, isAdmin, announce, canPost: !announce || isAdmin };
}

export class GroupsStore {
  constructor(private readonly db: Db) {}

  /** The groups the number is in now (those it left are kept apart), by name. */
  list(numberId: number): GroupList {
    const rows = this.db
      .prepare<[number], Row>('SELECT jid, subject, size, is_admin, announce FROM wa_groups WHERE number_id = ? AND left_at IS NULL AND community = 0 ORDER BY subject COLLATE NOCASE, jid')
      .all(numberId);
    const at = this.db.prepare<[number], { refreshed_at: number }>('SELECT refreshed_at FROM wa_group_refreshes WHERE number_id = ?').get(numberId);
    return { numberId, refreshedAt: at?.refreshed_at ?? null, groups: rows.map(view) };
  }

  /** One group of the number (also one it left), or undefined. */
  get(numberId: number, jid: string): (GroupView & { left: boolean }) | undefined {
    const r = this.db
      .prepare<[number, string], Row & { left_at: number | null }>('SELECT jid, subject, size, is_admin, announce, left_at FROM wa_groups WHERE number_id = ? AND jid = ?')
      .get(numberId, jid);
    return r ? { ...view(r), left: r.left_at !== null } : undefined;
  }

  /** Names of groups by jid, for results (any number, groups left included). */
  subjects(jids: string[]): Map<string, string> {
    const out = new Map<string, string>();
    if (!jids.length) return out;
    const rows = this.db
      .prepare<[string], { jid: string; subject: string }>('SELECT jid, subject FROM wa_groups WHERE jid IN (SELECT value FROM json_each(?)) ORDER BY left_at IS NULL')
      .all(JSON.stringify(jids));
    for (const r of rows) out.set(r.jid, r.subject);
    return out;
  }

  /** Replaces the number's list with what WhatsApp answered; groups missing from it were left. */
  replace(numberId: number, groups: GroupInfo[], now: number): void {
    const upsert = this.db.prepare(
      `INSERT INTO wa_groups (number_id, jid, subject, size, is_admin, announce, community, seen_at, left_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (number_id, jid) DO UPDATE SET subject = excluded.subject, size = excluded.size, is_admin = excluded.is_admin,
         announce = excluded.announce, community = excluded.community, seen_at = excluded.seen_at, left_at = NULL`,
    );
    this.db.transaction(() => {
      for (const g of groups) upsert.run(numberId, g.jid, g.subject, g.size, g.isAdmin ? 1 : 0, g.announce ? 1 : 0, g.community ? 1 : 0, now);
      this.db.prepare('UPDATE wa_groups SET left_at = ? WHERE number_id = ? AND seen_at < ? AND left_at IS NULL').run(now, numberId, now);
      this.db.prepare('INSERT INTO wa_group_refreshes (number_id, refreshed_at) VALUES (?, ?) ON CONFLICT (number_id) DO UPDATE SET refreshed_at = excluded.refreshed_at').run(numberId, now);
    })();
  }
}

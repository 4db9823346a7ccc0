import type { Db } from '../db/open';

/** Inserts a list with contacts straight into the store (tests only; the import UI does this for users). */
export function seedList(
  db: Db,
  name: string,
  contacts: Array<{ phone: string; name?: string | null; fields?: Record<string, string>; status?: 'active' | 'opted_out' | 'invalid' }>,
): { listId: number; contactIds: number[] } {
  const now = Date.now();
  const listId = Number(db.prepare('INSERT INTO lists (name, created_at) VALUES (?, ?)').run(name, now).lastInsertRowid);
  const insert = db.prepare(
    'INSERT INTO contacts (phone_key, name, fields, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (phone_key) DO UPDATE SET name = excluded.name RETURNING id',
  );
  const link = db.prepare('INSERT OR IGNORE INTO contact_lists (list_id, contact_id) VALUES (?, ?)');
  const contactIds = contacts.map((c) => {
    const { id } = insert.get(c.phone, c.name ?? null, JSON.stringify(c.fields ?? {}), c.status ?? 'active', now, now) as { id: number };
    link.run(listId, id);
    return id;
  });
  return { listId, contactIds };
}

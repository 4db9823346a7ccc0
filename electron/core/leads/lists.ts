import type { Database } from 'better-sqlite3';
import { ImportError } from './errors';

export interface ContactList {
  id: number;
  name: string;
  source: string | null;
  createdAt: number;
  /** Members, by status. */
  total: number;
  active: number;
  optedOut: number;
}

function cleanName(name: string): string {
  const n = String(name ?? '').trim().replace(/\s+/g, ' ');
  if (n === '' || n.length > 120) {
    throw new ImportError('lists.invalid_name', 'Dê um nome à lista (até 120 caracteres).');
  }
  return n;
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string })?.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/**
 * Every list with its members by status. Totals walk each list's key; the few contacts who are
 * not active come from their partial index, so a million-member list costs no row reads.
 */
export function listLists(db: Database): ContactList[] {
  const inactive = (status: string) =>
    `(SELECT count(*) FROM contacts c CROSS JOIN contact_lists cl ON cl.list_id = l.id AND cl.contact_id = c.id WHERE c.status = '${status}' AND c.status <> 'active')`;
  const rows = db
    .prepare(
      `SELECT l.id, l.name, l.source, l.created_at AS createdAt,
              (SELECT count(*) FROM contact_lists cl WHERE cl.list_id = l.id) AS total,
              ${inactive('opted_out')} AS optedOut,
              ${inactive('invalid')} AS invalid
       FROM lists l
       ORDER BY l.name`,
    )
    .all() as Array<ContactList & { invalid: number }>;
  return rows.map(({ invalid, ...l }) => ({ ...l, active: l.total - l.optedOut - invalid }));
}

export function getList(db: Database, id: number): ContactList {
  const l = listLists(db).find((x) => x.id === id);
  if (!l) throw notFound();
  return l;
}

function notFound(): ImportError {
  return new ImportError('lists.not_found', 'Esta lista não existe mais. Atualize a página.');
}

export function createList(db: Database, name: string, source: string | null = null): { id: number; name: string } {
  const n = cleanName(name);
  try {
    const id = Number(db.prepare('INSERT INTO lists (name, source, created_at) VALUES (?, ?, ?)').run(n, source, Date.now()).lastInsertRowid);
    return { id, name: n };
  } catch (err) {
    if (isUniqueViolation(err)) throw new ImportError('lists.name_taken', `Já existe uma lista chamada "${n}". Escolha outro nome.`, undefined, { name: n });
    throw err;
  }
}

export function renameList(db: Database, id: number, name: string): void {
  const n = cleanName(name);
  try {
    const r = db.prepare('UPDATE lists SET name = ? WHERE id = ?').run(n, id);
    if (r.changes === 0) throw notFound();
  } catch (err) {
    if (isUniqueViolation(err)) throw new ImportError('lists.name_taken', `Já existe uma lista chamada "${n}". Escolha outro nome.`, undefined, { name: n });
    throw err;
  }
}

/**
 * Deletes a list. Its contacts stay (they may be in other lists) unless `deleteContacts` is set,
 * in which case contacts that belong to no other list are deleted too.
 */
export function deleteList(db: Database, id: number, opts: { deleteContacts?: boolean } = {}): { deletedContacts: number } {
  return db.transaction(() => {
    if (!db.prepare('SELECT 1 FROM lists WHERE id = ?').get(id)) throw notFound();
    let deletedContacts = 0;
    if (opts.deleteContacts) {
      deletedContacts = db
        .prepare(
          `DELETE FROM contacts WHERE id IN (
             SELECT cl.contact_id FROM contact_lists cl
             WHERE cl.list_id = ?
               AND NOT EXISTS (SELECT 1 FROM contact_lists o WHERE o.contact_id = cl.contact_id AND o.list_id <> cl.list_id))`,
        )
        .run(id).changes;
    }
    db.prepare('DELETE FROM lists WHERE id = ?').run(id);
    return { deletedContacts };
  })();
}

/** Inside the import transaction: the chosen list, created when given by name. */
export function resolveListForImport(db: Database, list: { id: number } | { name: string }, source: string, now: number): { id: number; name: string } {
  if ('id' in list) {
    const row = db.prepare('SELECT id, name FROM lists WHERE id = ?').get(list.id) as { id: number; name: string } | undefined;
    if (!row) throw new ImportError('import.list_not_found', 'A lista escolhida não existe mais. Escolha outra lista ou crie uma nova.');
    return row;
  }
  const name = cleanName(list.name);
  const row = db.prepare('SELECT id, name FROM lists WHERE name = ?').get(name) as { id: number; name: string } | undefined;
  if (row) return row;
  const id = Number(db.prepare('INSERT INTO lists (name, source, created_at) VALUES (?, ?, ?)').run(name, source, now).lastInsertRowid);
  return { id, name };
}

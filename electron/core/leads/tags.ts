import type { Database } from 'better-sqlite3';
import { ImportError } from './errors';

export function listTags(db: Database): Array<{ id: number; name: string; count: number }> {
  return db
    .prepare('SELECT t.id, t.name, (SELECT count(*) FROM contact_tags ct WHERE ct.tag_id = t.id) AS count FROM tags t ORDER BY t.name')
    .all() as Array<{ id: number; name: string; count: number }>;
}

/**
 * Tags contacts, creating the tag when new. Returns the tag id. A contact that no longer
 * exists (deleted in another window) fails the whole call, so nothing half-applies.
 */
export function tagContacts(db: Database, contactIds: number[], tagName: string): number {
  const name = String(tagName ?? '').trim().replace(/\s+/g, ' ');
  if (name === '' || name.length > 60) throw new ImportError('lists.invalid_name', 'Dê um nome à etiqueta (até 60 caracteres).', undefined, { variant: 'tag' });
  return db.transaction(() => {
    const ids = [...new Set(contactIds)];
    const found = db.prepare('SELECT count(*) FROM contacts WHERE id IN (SELECT value FROM json_each(?))').pluck().get(JSON.stringify(ids)) as number;
    if (found !== ids.length) {
      throw new ImportError(
        'contacts.not_found',
        ids.length === 1 ? 'Este contato não existe mais. Atualize a página.' : 'Um dos contatos escolhidos não existe mais. Atualize a página e tente de novo.',
        { missing: ids.length - found },
      );
    }
    db.prepare('INSERT OR IGNORE INTO tags (name, created_at) VALUES (?, ?)').run(name, Date.now());
    const id = db.prepare('SELECT id FROM tags WHERE name = ?').pluck().get(name) as number;
    const add = db.prepare('INSERT OR IGNORE INTO contact_tags (tag_id, contact_id) VALUES (?, ?)');
    for (const cid of ids) add.run(id, cid);
    return id;
  })();
}

export function untagContact(db: Database, contactId: number, tagId: number): void {
  db.prepare('DELETE FROM contact_tags WHERE tag_id = ? AND contact_id = ?').run(tagId, contactId);
}

export function deleteTag(db: Database, tagId: number): void {
  db.prepare('DELETE FROM tags WHERE id = ?').run(tagId);
}

/**
 * Quick replies: saved snippets with variables ({primeiro_nome}, {nome}, list columns…), filled
 * in for the contact of a conversation before they go into the reply box.
 */
import type { Db } from '../db/open';
import { ApiError } from '../../../shared/api/errors';
import type { QuickReply } from '../../../shared/api/methods/conversations';
import { renderTemplate } from '../../../shared/template/render';
import { formatPhone } from '../../../shared/phone';

interface Row {
  id: number;
  title: string;
  text: string;
  updated_at: number;
}

const toView = (r: Row): QuickReply => ({ id: r.id, title: r.title, text: r.text, updatedAt: r.updated_at });

function duplicate(title: string): ApiError {
  return new ApiError('quickreplies.duplicate', `Já existe uma resposta rápida chamada "${title}". Escolha outro nome.`, undefined, { title });
}

function notFound(): ApiError {
  return new ApiError('quickreplies.not_found', 'Esta resposta rápida não existe mais. Atualize a lista.');
}

export class QuickReplies {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(): QuickReply[] {
    return this.db.prepare<[], Row>('SELECT id, title, text, updated_at FROM quick_replies ORDER BY title COLLATE NOCASE').all().map(toView);
  }

  get(id: number): QuickReply {
    const r = this.db.prepare<[number], Row>('SELECT id, title, text, updated_at FROM quick_replies WHERE id = ?').get(id);
    if (!r) throw notFound();
    return toView(r);
  }

  create(input: { title: string; text: string }): QuickReply {
    const t = this.now();
    try {
      const id = Number(this.db.prepare('INSERT INTO quick_replies (title, text, created_at, updated_at) VALUES (?, ?, ?, ?)').run(input.title.trim(), input.text.trim(), t, t).lastInsertRowid);
      return this.get(id);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw duplicate(input.title.trim());
      throw err;
    }
  }

  update(input: { id: number; title: string; text: string }): QuickReply {
    this.get(input.id);
    try {
      this.db.prepare('UPDATE quick_replies SET title = ?, text = ?, updated_at = ? WHERE id = ?').run(input.title.trim(), input.text.trim(), this.now(), input.id);
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw duplicate(input.title.trim());
      throw err;
    }
    return this.get(input.id);
  }

  delete(id: number): void {
    this.get(id);
    this.db.prepare('DELETE FROM quick_replies WHERE id = ?').run(id);
  }
}

/** A template filled in for one contact (or a "Novo contato": name variables take their fallbacks). */
export function renderForContact(
  text: string,
  contact: { name: string | null; first_name: string | null; phone_key: string | null; fields: string | null } | null,
  phone: string | null,
  timeZone: string,
  now: number,
): string {
  let fields: Record<string, string> = {};
  try {
    const parsed = JSON.parse(contact?.fields ?? '{}') as unknown;
    if (parsed && typeof parsed === 'object') fields = parsed as Record<string, string>;
  } catch {
    fields = {};
  }
  const p = contact?.phone_key ?? phone;
  return renderTemplate(
    text,
    {
      contact: { name: contact?.name ?? null, firstName: contact?.first_name ?? null, phone: p ? formatPhone(p) : '', fields },
      now: new Date(now),
      timeZone,
      knownVariables: Object.keys(fields),
    },
    now,
  ).text;
}

import fs from 'node:fs';
import type { Database } from 'better-sqlite3';
import { loadSheetjs } from '../lib/sheetjs';
import { normalizePhone, formatPhone } from '../../../shared/phone';
import { csvLine, CSV_BOM, escapeFormula } from './csv-out';
import { assertFieldKey, ImportError } from './errors';
import { cleanText, firstNameOf } from './names';
import { countIds, idsQuery, idsSql, type IdsQuery } from './contact-query';

export type ContactStatus = 'active' | 'opted_out' | 'invalid';

export interface Contact {
  id: number;
  /** E.164, canonical. */
  phone: string;
  /** For display: +55 (11) 98765-4321. */
  phoneDisplay: string;
  kind: 'mobile' | 'landline' | 'other';
  name: string | null;
  firstName: string | null;
  email: string | null;
  fields: Record<string, string>;
  status: ContactStatus;
  consentSource: string | null;
  consentAt: number | null;
  optedOutAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ContactDetail extends Contact {
  /** WhatsApp addresses to try, preferred first. */
  waCandidates: string[];
  lists: Array<{ id: number; name: string }>;
  tags: Array<{ id: number; name: string }>;
}

export interface ContactFilter {
  /** Name, e-mail or phone digits. */
  search?: string;
  listId?: number;
  /** Tag id. */
  tag?: number;
  status?: ContactStatus;
}

export interface ListContactsQuery extends ContactFilter {
  /** Keyset pagination: contacts with id greater than this (scrolling on from a page). */
  afterId?: number;
  /** Position of the first row, for a jump (walks a narrow index, not the table). */
  offset?: number;
  limit?: number;
  /** false skips the count (the caller already has it while scrolling); total is then null. */
  withTotal?: boolean;
}

interface Row {
  id: number;
  phone_key: string;
  kind: Contact['kind'];
  name: string | null;
  first_name: string | null;
  email: string | null;
  fields: string;
  status: ContactStatus;
  consent_source: string | null;
  consent_at: number | null;
  opted_out_at: number | null;
  created_at: number;
  updated_at: number;
  wa_candidates?: string;
}

const COLS = 'c.id, c.phone_key, c.kind, c.name, c.first_name, c.email, c.fields, c.status, c.consent_source, c.consent_at, c.opted_out_at, c.created_at, c.updated_at';

function toContact(r: Row): Contact {
  let fields: Record<string, string> = {};
  try {
    fields = JSON.parse(r.fields || '{}');
  } catch {
    // A hand-edited row; show it without custom fields rather than fail the page.
  }
  return {
    id: r.id,
    phone: r.phone_key,
    phoneDisplay: formatPhone(r.phone_key),
    kind: r.kind,
    name: r.name,
    firstName: r.first_name,
    email: r.email,
    fields,
    status: r.status,
    consentSource: r.consent_source,
    consentAt: r.consent_at,
    optedOutAt: r.opted_out_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** One page of contacts in id order, plus how many the filter selects (see contact-query.ts). */
export function listContacts(db: Database, q: ListContactsQuery = {}): { rows: Contact[]; total: number | null; totalCapped: boolean } {
  const limit = Math.max(1, Math.min(500, Math.floor(q.limit ?? 50)));
  const ids = idsQuery(db, q);
  const offset = q.afterId === undefined ? Math.max(0, Math.floor(q.offset ?? 0)) : 0;
  const rows = pageRows(db, ids, { afterId: q.afterId, limit, offset });
  if (q.withTotal === false) return { rows, total: null, totalCapped: false };
  const { total, capped } = countIds(db, ids);
  return { rows, total, totalCapped: capped };
}

function pageRows(db: Database, ids: IdsQuery, page: { afterId?: number; limit: number; offset?: number }): Contact[] {
  const sel = idsSql(ids, page);
  const rows = db.prepare(`SELECT ${COLS} FROM (${sel.sql}) m CROSS JOIN contacts c ON c.id = m.id ORDER BY m.id`).all(...sel.params) as Row[];
  return rows.map(toContact);
}

function notFound(): ImportError {
  return new ImportError('contacts.not_found', 'Este contato não existe mais. Atualize a página.');
}

export function getContact(db: Database, id: number): ContactDetail {
  const r = db.prepare(`SELECT ${COLS}, c.wa_candidates FROM contacts c WHERE c.id = ?`).get(id) as Row | undefined;
  if (!r) throw notFound();
  const lists = db.prepare('SELECT l.id, l.name FROM contact_lists cl JOIN lists l ON l.id = cl.list_id WHERE cl.contact_id = ? ORDER BY l.name').all(id) as ContactDetail['lists'];
  const tags = db.prepare('SELECT t.id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = ? ORDER BY t.name').all(id) as ContactDetail['tags'];
  return { ...toContact(r), waCandidates: JSON.parse(r.wa_candidates ?? '[]'), lists, tags };
}

export interface ContactPatch {
  name?: string | null;
  email?: string | null;
  /** Replaces all custom fields. Keys must be template-safe (a-z, 0-9, _). */
  fields?: Record<string, string>;
  /** 'opted_out' records when; back to 'active' only by an explicit edit like this one. */
  status?: ContactStatus;
  phone?: string;
}

export function updateContact(db: Database, id: number, patch: ContactPatch): ContactDetail {
  return db.transaction(() => {
    const cur = db.prepare('SELECT id, status, phone_key FROM contacts WHERE id = ?').get(id) as
      | { id: number; status: ContactStatus; phone_key: string }
      | undefined;
    if (!cur) throw notFound();
    const sets: string[] = [];
    const params: unknown[] = [];
    const now = Date.now();
    if (patch.name !== undefined) {
      const name = cleanText(patch.name ?? '', 200);
      sets.push('name = ?', 'first_name = ?');
      params.push(name, firstNameOf(name));
    }
    if (patch.email !== undefined) {
      const cleaned = cleanText(patch.email ?? '', 200);
      sets.push('email = ?');
      params.push(cleaned ? cleaned.toLowerCase() : null);
    }
    if (patch.fields !== undefined) {
      const clean: Record<string, string> = {};
      for (const [k, v] of Object.entries(patch.fields)) {
        assertFieldKey(k);
        const t = cleanText(String(v ?? ''), 1000);
        if (t !== null) clean[k] = t;
      }
      sets.push('fields = ?');
      params.push(JSON.stringify(clean));
    }
    if (patch.status !== undefined && patch.status !== cur.status) {
      sets.push('status = ?', 'opted_out_at = ?');
      params.push(patch.status, patch.status === 'opted_out' ? now : null);
      // The opt-out log says how each person left: here, by hand (asked in person, by phone).
      if (patch.status === 'opted_out') {
        db.prepare(`INSERT INTO opt_out_events (contact_id, phone_key, source, at) VALUES (?, ?, 'manual', ?)`).run(id, cur.phone_key, now);
      }
    }
    if (patch.phone !== undefined) {
      const p = normalizePhone(patch.phone);
      if (!p.ok) throw new ImportError('contacts.invalid_phone', p.message, { reason: p.reason }, { reason: `phone.${p.reason}` });
      const other = db.prepare('SELECT id FROM contacts WHERE phone_key = ? AND id <> ?').get(p.key, id);
      if (other) throw new ImportError('contacts.phone_taken', 'Já existe outro contato com este telefone. Abra-o e edite lá, ou apague um dos dois.');
      sets.push('phone_key = ?', 'kind = ?');
      params.push(p.key, p.kind);
    }
    if (sets.length > 0) {
      sets.push('updated_at = ?');
      params.push(now);
      db.prepare(`UPDATE contacts SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
    }
    return getContact(db, id);
  })();
}

/**
 * Deletes a contact with its list and tag memberships (ON DELETE CASCADE). Tables added by other
 * modules that reference contacts must cascade too.
 */
export function deleteContact(db: Database, id: number): void {
  const r = db.prepare('DELETE FROM contacts WHERE id = ?').run(id);
  if (r.changes === 0) throw notFound();
}

/** Everything stored about one person (LGPD access request), as plain JSON. */
export function exportContact(db: Database, id: number): { exportedAt: string; contact: ContactDetail } {
  return { exportedAt: new Date().toISOString(), contact: getContact(db, id) };
}

/** Opt-out by phone, for the channel layer: never re-activated by an import. */
export function optOutByPhone(db: Database, phone: string, at = Date.now()): boolean {
  const p = normalizePhone(phone);
  if (!p.ok) return false;
  return db.prepare("UPDATE contacts SET status = 'opted_out', opted_out_at = ?, updated_at = ? WHERE phone_key = ? AND status <> 'opted_out'").run(at, at, p.key).changes > 0;
}

export const XLSX_EXPORT_MAX_ROWS = 200_000;

const STATUS_PT: Record<ContactStatus, string> = { active: 'Ativo', opted_out: 'Descadastrado', invalid: 'Inválido' };
const KIND_PT: Record<Contact['kind'], string> = { mobile: 'Celular', landline: 'Fixo', other: 'Outro' };

function* pages(db: Database, filter: ContactFilter): Generator<Contact[]> {
  const ids = idsQuery(db, filter);
  let afterId = 0;
  for (;;) {
    const rows = pageRows(db, ids, { afterId, limit: 5000 });
    if (rows.length === 0) return;
    yield rows;
    afterId = rows[rows.length - 1].id;
  }
}

/** Custom field names in use, collected by SQLite in one pass (no row objects in JS). */
function fieldKeys(db: Database, filter: ContactFilter): string[] {
  const sel = idsSql(idsQuery(db, filter), {});
  return db.prepare(`SELECT DISTINCT j.key FROM (${sel.sql}) m CROSS JOIN contacts c ON c.id = m.id, json_each(c.fields) j ORDER BY 1`).pluck().all(...sel.params) as string[];
}

/**
 * Writes the contacts matching a filter to `outFile` as CSV (Excel pt-BR: ';', UTF-8 BOM) or
 * XLSX. Cells that would run as formulas in a spreadsheet are neutralized.
 */
export async function exportContacts(db: Database, filter: ContactFilter, format: 'csv' | 'xlsx', outFile: string): Promise<{ rows: number; file: string }> {
  const keys = fieldKeys(db, filter);
  const header = ['Nome', 'Telefone', 'Tipo', 'E-mail', 'Status', 'Origem do consentimento', 'Data do consentimento', ...keys];
  const toCells = (c: Contact): string[] => [
    c.name ?? '',
    c.phone,
    KIND_PT[c.kind],
    c.email ?? '',
    STATUS_PT[c.status],
    c.consentSource ?? '',
    c.consentAt ? new Date(c.consentAt).toISOString() : '',
    ...keys.map((k) => c.fields[k] ?? ''),
  ];
  if (format === 'xlsx') {
    const sel = idsSql(idsQuery(db, filter), {});
    const total = db.prepare(`SELECT count(*) FROM (${sel.sql})`).pluck().get(...sel.params) as number;
    if (total > XLSX_EXPORT_MAX_ROWS) {
      throw new ImportError('export.too_many_rows', `São ${total.toLocaleString('pt-BR')} contatos: grande demais para XLSX. Exporte em CSV, que o Excel também abre.`, { total }, { total });
    }
    const XLSX = await loadSheetjs();
    const aoa: string[][] = [header];
    for (const page of pages(db, filter)) for (const c of page) aoa.push(toCells(c).map(escapeFormula));
    const ws = XLSX.utils.aoa_to_sheet(aoa);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'Contatos');
    fs.writeFileSync(outFile, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer);
    return { rows: aoa.length - 1, file: outFile };
  }
  const fd = fs.openSync(outFile, 'w');
  let n = 0;
  try {
    fs.writeSync(fd, CSV_BOM + csvLine(header));
    for (const page of pages(db, filter)) {
      let chunk = '';
      for (const c of page) chunk += csvLine(toCells(c));
      fs.writeSync(fd, chunk);
      n += page.length;
      // Let the core's event loop (send timers, other requests) run between pages.
      await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { rows: n, file: outFile };
}

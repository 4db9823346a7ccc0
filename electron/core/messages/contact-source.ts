import type { Db } from '../db/open';
import { formatPhone } from '../../../shared/phone/format';
import { hashSeed } from '../../../shared/template/random';
import { normalizeKey } from '../../../shared/template/normalize';
import type { TemplateContact } from '../../../shared/template/types';
import type { KnownVariable, PreviewContact, VariableCoverage } from '../../../shared/api/methods/messages';

/** How many contacts to read when collecting list columns: enough to see every column. */
export const KNOWN_VARIABLES_SCAN = 5000;

export interface ContactRow {
  id: number;
  e164: string;
  name: string | null;
  first_name: string | null;
  fields: string;
}

const COLUMNS = 'c.id AS id, c.e164 AS e164, c.name AS name, c.first_name AS first_name, c.fields AS fields';

function parseFields(json: string): Record<string, string> {
  try {
    const value = JSON.parse(json) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(value)) if (v != null) out[k] = String(v);
    return out;
  } catch {
    return {};
  }
}

/** A stored contact as the template engine sees it; the send loop should use the same mapping. */
export function templateContactFromRow(row: ContactRow): TemplateContact {
  return { name: row.name, firstName: row.first_name, phone: formatPhone(row.e164), fields: parseFields(row.fields) };
}

export function previewContactFromRow(row: ContactRow): PreviewContact & { id: number } {
  return { id: row.id, name: row.name ?? '', phone: formatPhone(row.e164) };
}

/** Made-up contact for previews before any contact was imported. */
export const SAMPLE_CONTACT: { preview: PreviewContact; template: TemplateContact } = {
  preview: { id: null, name: 'Maria Silva', phone: '+55 (11) 98765-4321' },
  template: { name: 'Maria Silva', firstName: 'Maria', phone: '+55 (11) 98765-4321', fields: {} },
};

const marks = (ids: readonly unknown[]) => ids.map(() => '?').join(', ');

/** Active members of the lists, or every active contact when no list is chosen yet. */
function membersQuery(listIds: readonly number[]): { from: string; args: number[] } {
  if (listIds.length === 0) return { from: `contacts c WHERE c.status = 'active'`, args: [] };
  return {
    from: `contacts c WHERE c.status = 'active' AND c.id IN (SELECT contact_id FROM contact_lists WHERE list_id IN (${marks(listIds)}))`,
    args: [...listIds],
  };
}

export function getContact(db: Db, id: number): ContactRow | null {
  return db.prepare<[number], ContactRow>(`SELECT ${COLUMNS} FROM contacts c WHERE c.id = ?`).get(id) ?? null;
}

/** One active contact chosen by the seed, so "sortear outra" shows someone else. */
export function pickContact(db: Db, listIds: readonly number[], seed: number | string): ContactRow | null {
  const q = membersQuery(listIds);
  const { n } = db.prepare(`SELECT count(*) AS n FROM ${q.from}`).get(...q.args) as { n: number };
  if (n === 0) return null;
  const offset = hashSeed(seed) % n;
  return (db.prepare(`SELECT ${COLUMNS} FROM ${q.from} ORDER BY c.id LIMIT 1 OFFSET ?`).get(...q.args, offset) as ContactRow | undefined) ?? null;
}

export function sampleContacts(db: Db, listIds: readonly number[], limit: number): ContactRow[] {
  const q = membersQuery(listIds);
  return db.prepare(`SELECT ${COLUMNS} FROM ${q.from} ORDER BY c.id LIMIT ?`).all(...q.args, limit) as ContactRow[];
}

/** Distinct custom-field labels (raw column titles) of the lists' first `scan` contacts. */
function fieldLabels(db: Db, listIds: readonly number[], scan: number): Array<{ label: string }> {
  const where = listIds.length ? `WHERE c.id IN (SELECT contact_id FROM contact_lists WHERE list_id IN (${marks(listIds)}))` : '';
  return db
    .prepare(
      `SELECT DISTINCT j.key AS label
       FROM (SELECT c.fields AS fields FROM contacts c ${where} ORDER BY c.id LIMIT ?) s,
            json_each(CASE WHEN json_valid(s.fields) AND json_type(s.fields) = 'object' THEN s.fields ELSE '{}' END) j`,
    )
    .all(...listIds, scan) as Array<{ label: string }>;
}

/** Distinct custom-field keys of the lists' contacts (a capped scan), as template variables. */
export function knownVariables(db: Db, listIds: readonly number[], scan = KNOWN_VARIABLES_SCAN): KnownVariable[] {
  const rows = fieldLabels(db, listIds, scan);
  const byKey = new Map<string, KnownVariable>();
  for (const { label } of rows) {
    const key = normalizeKey(String(label));
    if (key && !byKey.has(key)) byKey.set(key, { key, label: String(label) });
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Built-ins that can be empty for a contact; the others (telefone, data…) always have a value. */
const NAME_EMPTY: Record<string, string> = {
  nome: `coalesce(trim(c.name), '') = ''`,
  primeiro_nome: `coalesce(trim(c.first_name), '') = '' AND coalesce(trim(c.name), '') = ''`,
};
const ALWAYS_FILLED = new Set(['telefone', 'saudacao', 'dia_semana', 'data']);

/** Raw column labels of the lists' contacts (a capped scan), grouped by lookup key. */
function labelsByKey(db: Db, listIds: readonly number[], scan = KNOWN_VARIABLES_SCAN): Map<string, string[]> {
  const rows = fieldLabels(db, listIds, scan);
  const out = new Map<string, string[]>();
  for (const { label } of rows) {
    const key = normalizeKey(String(label));
    if (key) out.set(key, [...(out.get(key) ?? []), String(label)]);
  }
  return out;
}

/**
 * How many of the audience would see a variable come out empty, per variable: the editor warns
 * "{cidade} está vazio para 50 de 61 contatos" and suggests a fallback. One pass over the
 * contacts whatever the number of variables.
 */
export function variableCoverage(db: Db, listIds: readonly number[], keys: readonly string[]): VariableCoverage {
  const q = membersQuery(listIds);
  const labels = labelsByKey(db, listIds);
  const wanted = [...new Set(keys.map(normalizeKey).filter(Boolean))];
  const parts: string[] = [];
  const args: unknown[] = [];
  const known: string[] = [];
  for (const key of wanted) {
    if (ALWAYS_FILLED.has(key)) {
      known.push(key);
      parts.push('0');
      continue;
    }
    const columns = labels.get(key) ?? [];
    if (!NAME_EMPTY[key] && columns.length === 0) continue;
    known.push(key);
    // A built-in name falls back to a column of the same key, like the template engine does.
    const noColumn = columns.length
      ? `NOT EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(c.fields) AND json_type(c.fields) = 'object' THEN c.fields ELSE '{}' END) j
                     WHERE j.key IN (${marks(columns)}) AND trim(CAST(j.value AS TEXT)) <> '')`
      : '1';
    parts.push(`coalesce(sum(CASE WHEN ${NAME_EMPTY[key] ? `(${NAME_EMPTY[key]}) AND ` : ''}${noColumn} THEN 1 ELSE 0 END), 0)`);
    args.push(...columns);
  }
  const row = db.prepare(`SELECT count(*) AS total${parts.map((p, i) => `, ${p} AS v${i}`).join('')} FROM ${q.from}`).get(...args, ...q.args) as Record<string, number>;
  return { total: row.total, variables: known.map((key, i) => ({ key, empty: row[`v${i}`] ?? 0 })) };
}

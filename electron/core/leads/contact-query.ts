/**
 * Which contacts a filter selects, as SQL that yields their ids in ascending order without
 * reading the table: from the search index (migration 0012), a list's or tag's key, the partial
 * index of non-active contacts, or the narrow id index. Pages, jumps and counts are built on it:
 * - keyset paging (`afterId`) seeks in that order, so rows are never repeated or missed while
 *   contacts are added or removed between two pages;
 * - a jump to the n-th contact walks only the narrow index (no OFFSET over the table);
 * - a search count stops at SEARCH_COUNT_CAP ("mais de 10.000");
 * - contacts still waiting for their search entries after a big import (search-backlog.ts) are
 *   read directly and confirmed the same way, so a search never misses them.
 */
import type { Database } from 'better-sqlite3';
import { normalizePhone } from '../../../shared/phone';
import { backlogRanges } from './search-backlog';
import { CONTACTS_FTS, CONTACTS_ID_INDEX } from './search-index';
import { foldForSearch, SEARCH_TEXT_FUNCTION, useSearchTextFunction } from './search-text';
import type { ContactFilter } from './contacts';

/** A search counts its matches up to here; beyond, the total is "more than" this. */
export const SEARCH_COUNT_CAP = 10_000;

/**
 * What can follow a one- or two-character search inside a name, e-mail or phone, as the index
 * folds them. The trigram index has no entry shorter than three characters: such a search looks
 * up every trigram that starts with it and one of these (each indexed text ends with two
 * spaces, so every character has two successors). Two characters: any printable ASCII after them (what
 * folded Portuguese text, e-mails and digits are made of). One character: letters, digits and
 * the usual e-mail punctuation twice (1,681 terms), so a lone symbol followed by rarer ones can
 * be missed; the contacts page asks for two characters anyway.
 */
const TAIL_2 = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).filter((c) => c < 'A' || c > 'Z');
const TAIL_1 = [...'abcdefghijklmnopqrstuvwxyz0123456789 .@_-'];

export interface IdsQuery {
  /** FROM clause; the ids are `idExpr`. */
  from: string;
  idExpr: string;
  where: string[];
  params: unknown[];
  /** A search is part of it: count with a cap. */
  searched: boolean;
  /** No filter at all: the total is kept in contact_totals. */
  everything: boolean;
}

function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (m) => '\\' + m);
}

function ftsTerm(s: string): string {
  return '"' + s.replace(/"/g, '""') + '"';
}

/** The FTS5 query for a folded needle: its trigrams, or the trigrams that start with it. */
export function trigramQuery(needle: string): string | null {
  const chars = [...needle];
  if (chars.length === 0) return null;
  if (chars.length >= 3) {
    const terms = new Set<string>();
    for (let i = 0; i + 3 <= chars.length; i++) terms.add(ftsTerm(chars.slice(i, i + 3).join('')));
    return [...terms].join(' AND ');
  }
  const tails = chars.length === 2 ? TAIL_2 : TAIL_1.flatMap((a) => TAIL_1.map((b) => a + b));
  return tails.map((t) => ftsTerm(needle + t)).join(' OR ');
}

interface SearchPlan {
  /** A complete phone number: one exact key. */
  phoneKey?: string;
  match?: string;
  /** Confirms a candidate on its own columns (`c` is the contact). */
  verify?: { sql: string; params: unknown[] };
  /** Nothing can match. */
  none?: boolean;
}

/** How a search box entry is looked up: a whole phone, phone digits, or folded name/e-mail text. */
export function planSearch(raw: string): SearchPlan | null {
  const q = raw.trim();
  if (q === '') return null;
  const digits = q.replace(/\D/g, '');
  if (digits.length > 0 && /^[\d\s()+.-]+$/.test(q)) {
    // A whole number is looked up by its key, whatever format it was typed in (with or without
    // the 9th digit); anything shorter is a piece of one.
    const full = normalizePhone(q);
    if (full.ok && (full.kind === 'mobile' || full.kind === 'landline')) return { phoneKey: full.key };
    const match = trigramQuery(digits);
    if (!match) return { none: true };
    // In Brazil a leading 0 is the trunk prefix ("0800 123 4567", "011 98765"), never part of
    // the stored number: such digits also find the numbers whose national part starts with the rest.
    const national = /^0[1-9]\d/.test(digits) ? digits.slice(1) : null;
    if (national === null) return { match, verify: { sql: "c.phone_key LIKE ? ESCAPE '\\'", params: [`%${digits}%`] } };
    return {
      match: `(${match}) OR (${trigramQuery('55' + national)})`,
      verify: { sql: "(c.phone_key LIKE ? ESCAPE '\\' OR c.phone_key LIKE ? ESCAPE '\\')", params: [`%${digits}%`, `+55${national}%`] },
    };
  }
  const needle = foldForSearch(q);
  const match = trigramQuery(needle);
  if (!match) return { none: true };
  return {
    match,
    // The index matched trigrams; the contact's folded name and e-mail must hold the whole text.
    // Most do as written (lowercase ASCII): instr() settles those without calling into JS.
    verify: {
      sql: `(instr(lower(coalesce(c.name, '') || ' ' || coalesce(c.email, '')), ?) > 0 OR ${SEARCH_TEXT_FUNCTION}(c.name, c.email) LIKE ? ESCAPE '\\')`,
      params: [needle, `%${likeEscape(needle)}%`],
    },
  };
}

/**
 * The ids a filter selects (see the module comment). Registers on `db` the folding function a
 * search confirms its candidates with.
 */
export function idsQuery(db: Database, f: ContactFilter): IdsQuery {
  const where: string[] = [];
  const params: unknown[] = [];
  const search = planSearch(f.search ?? '');
  if (search?.verify) useSearchTextFunction(db);
  const status = f.status;
  let from: string;
  let idExpr: string;
  let byList = false;
  let byTag = false;
  let byStatus = false;
  /** The contact's row is read anyway (its columns can be tested). */
  let rowRead = true;

  if (search?.none) {
    from = 'contacts c';
    idExpr = 'c.id';
    where.push('0');
  } else if (search?.phoneKey) {
    from = 'contacts c';
    idExpr = 'c.id';
    where.push('c.phone_key = ?');
    params.push(search.phoneKey);
  } else if (search?.match) {
    const backlog = backlogRanges(db);
    if (backlog.length === 0) {
      // CROSS JOIN keeps the index as the outer loop: candidates come in id order, then are confirmed.
      from = `${CONTACTS_FTS} f CROSS JOIN contacts c ON c.id = f.rowid`;
      idExpr = 'f.rowid';
      where.push(`${CONTACTS_FTS} MATCH ?`, search.verify!.sql);
      params.push(search.match, ...search.verify!.params);
    } else {
      // The index's candidates plus every contact it does not hold yet (disjoint sets), each
      // confirmed on its own columns as above.
      const unindexed = backlog.map(() => '(b.id > ? AND b.id <= ?)').join(' OR ');
      from = `(SELECT f.rowid AS id FROM ${CONTACTS_FTS} f WHERE ${CONTACTS_FTS} MATCH ? UNION ALL SELECT b.id FROM contacts b WHERE ${unindexed}) s CROSS JOIN contacts c ON c.id = s.id`;
      idExpr = 's.id';
      where.push(search.verify!.sql);
      params.push(search.match, ...backlog.flatMap((r) => [r.from, r.through]), ...search.verify!.params);
    }
  } else if (status && status !== 'active') {
    // The partial index of non-active contacts (migration 0002).
    from = 'contacts c';
    idExpr = 'c.id';
    where.push("c.status = ? AND c.status <> 'active'");
    params.push(status);
    byStatus = true;
  } else if (f.listId !== undefined) {
    from = 'contact_lists cl';
    idExpr = 'cl.contact_id';
    rowRead = false;
    where.push('cl.list_id = ?');
    params.push(f.listId);
    byList = true;
  } else if (f.tag !== undefined) {
    from = 'contact_tags ct';
    idExpr = 'ct.contact_id';
    rowRead = false;
    where.push('ct.tag_id = ?');
    params.push(f.tag);
    byTag = true;
  } else {
    from = `contacts c INDEXED BY ${CONTACTS_ID_INDEX}`;
    idExpr = 'c.id';
    rowRead = false;
  }

  if (f.listId !== undefined && !byList) {
    where.push(`EXISTS (SELECT 1 FROM contact_lists xl WHERE xl.list_id = ? AND xl.contact_id = ${idExpr})`);
    params.push(f.listId);
  }
  if (f.tag !== undefined && !byTag) {
    where.push(`EXISTS (SELECT 1 FROM contact_tags xt WHERE xt.tag_id = ? AND xt.contact_id = ${idExpr})`);
    params.push(f.tag);
  }
  if (status && !byStatus) {
    if (rowRead) {
      where.push('c.status = ?');
      params.push(status);
      if (status !== 'active') where.push("c.status <> 'active'");
    } else {
      // Almost everyone is active: skip the few who are not, read from their partial index.
      where.push(`${idExpr} NOT IN (SELECT id FROM contacts WHERE status <> 'active')`);
    }
  }
  const everything = !search && !status && f.listId === undefined && f.tag === undefined;
  return { from, idExpr, where, params, searched: !!search, everything };
}

/** `SELECT id ... ORDER BY id` for the filter, from `afterId` on, `limit` rows from `offset`. */
export function idsSql(q: IdsQuery, page: { afterId?: number; limit?: number; offset?: number }): { sql: string; params: unknown[] } {
  const where = [...q.where];
  const params = [...q.params];
  if (page.afterId !== undefined) {
    where.push(`${q.idExpr} > ?`);
    params.push(page.afterId);
  }
  let sql = `SELECT ${q.idExpr} AS id FROM ${q.from}${where.length ? ' WHERE ' + where.join(' AND ') : ''} ORDER BY ${q.idExpr}`;
  if (page.limit !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(page.limit, page.offset ?? 0);
  }
  return { sql, params };
}

/** How many contacts the filter selects; a search stops counting past SEARCH_COUNT_CAP. */
export function countIds(db: Database, q: IdsQuery): { total: number; capped: boolean } {
  if (q.everything) {
    const total = db.prepare('SELECT total FROM contact_totals WHERE id = 1').pluck().get() as number | undefined;
    if (total !== undefined) return { total, capped: false };
  }
  const where = q.where.length ? ' WHERE ' + q.where.join(' AND ') : '';
  // Unordered: a count needs no sort, and a plain count(*) over a key walks it fastest.
  const n = (
    q.searched
      ? db.prepare(`SELECT count(*) FROM (SELECT 1 FROM ${q.from}${where} LIMIT ${SEARCH_COUNT_CAP + 1})`).pluck().get(...q.params)
      : db.prepare(`SELECT count(*) FROM ${q.from}${where}`).pluck().get(...q.params)
  ) as number;
  return n > SEARCH_COUNT_CAP && q.searched ? { total: SEARCH_COUNT_CAP, capped: true } : { total: n, capped: false };
}

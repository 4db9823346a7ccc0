/**
 * What live code needs to know about the contact search index (created by migration 0015, which
 * keeps its own copy: migrations do not import live code, nor live code migrations).
 */

/** The FTS5 table: a contentless trigram index of each contact's name, e-mail and phone digits. */
export const CONTACTS_FTS = 'contacts_fts';

/** Ids alone, so the contacts table can jump to the n-th contact by walking a narrow index. */
export const CONTACTS_ID_INDEX = 'contacts_id_order';

/**
 * The indexed text of the row `r` (an alias or NEW/OLD): name, e-mail, phone digits (E.164
 * without '+'), then two spaces, so a one- or two-character search finds the trigrams that start
 * with it. A contentless index removes a row by being told its old text, so every writer must
 * compute it exactly this way: the search-index test compares it with the triggers' text.
 */
export function searchDoc(r: string): string {
  return `coalesce(${r}.name, '') || ' ' || coalesce(${r}.email, '') || ' ' || substr(${r}.phone_key, 2) || '  '`;
}

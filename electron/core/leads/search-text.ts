/**
 * Contact search that ignores accents and case ("joao" finds "João", "conceicao" finds
 * "CONCEIÇÃO"): each contact keeps `search_text`, its name and e-mail folded once when written
 * (migration 0010), and a search folds its query the same way. Folding at write time keeps a
 * search over a million contacts a plain LIKE scan, with no JS call per row.
 */
import type { Database } from 'better-sqlite3';
import { stripAccents } from '../../../shared/template/normalize';

/** The SQL function that folds (name, email) the same way, for set-based writes. */
export const SEARCH_TEXT_FUNCTION = 'recado_search_text';

// Unicode normalization costs ~1 µs a call, a million times per import. Printable ASCII has
// nothing to strip, and Latin-1 (every Portuguese accent) folds through a table with the same
// result as NFD + dropping marks; anything else takes the general path.
const PLAIN_ASCII = /^[\x20-\x7e]*$/;
const LATIN1 = /^[\x20-\x7e\u00a0-\u00ff]*$/;
const LATIN1_ACCENTED = /[\u00e0-\u00ff]/g;
const LATIN1_BASE: Record<string, string> = Object.fromEntries(
  Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0xe0 + i)).map((c) => [c, stripAccents(c)]),
);
const SPACES = /\s{2,}|[\t\n\r\f\v]/;

export function foldForSearch(text: string): string {
  let s = text.toLowerCase();
  if (!PLAIN_ASCII.test(s)) s = LATIN1.test(s) ? s.replace(LATIN1_ACCENTED, (c) => LATIN1_BASE[c]) : stripAccents(s);
  if (SPACES.test(s)) s = s.replace(/\s+/g, ' ');
  return s.trim();
}

/** What a contact's name and e-mail are searched by; null when it has neither. */
export function searchTextOf(name: string | null | undefined, email: string | null | undefined): string | null {
  const n = typeof name === 'string' && name.trim() !== '' ? name : null;
  const e = typeof email === 'string' && email.trim() !== '' ? email : null;
  if (n === null && e === null) return null;
  return foldForSearch(n === null ? e! : e === null ? n : `${n} ${e}`);
}

const registered = new WeakSet<Database>();

/** Makes {@link SEARCH_TEXT_FUNCTION} available on this connection (once). */
export function useSearchTextFunction(db: Database): void {
  if (registered.has(db)) return;
  db.function(SEARCH_TEXT_FUNCTION, { deterministic: true }, (name: unknown, email: unknown) =>
    searchTextOf(typeof name === 'string' ? name : null, typeof email === 'string' ? email : null),
  );
  registered.add(db);
}

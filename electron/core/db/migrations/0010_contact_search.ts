import type { Migration } from './types';

// Accent- and case-insensitive contact search: `search_text` holds the contact's name and
// e-mail folded. Rows written before it are folded here. (Migration 0015 replaced this column
// with an FTS index and drops it.)
//
// Frozen: the fold below is this migration's own copy, as it was at version 10, so later changes
// to the live search code can never change what this step does to an old database.

const FOLD_FUNCTION = 'recado_migration_0010_fold';

function fold(text: string): string {
  return text.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ').trim();
}

function searchTextOf(name: unknown, email: unknown): string | null {
  const n = typeof name === 'string' && name.trim() !== '' ? name : null;
  const e = typeof email === 'string' && email.trim() !== '' ? email : null;
  if (n === null && e === null) return null;
  return fold(n === null ? e! : e === null ? n : `${n} ${e}`);
}

export const migration0010: Migration = {
  version: 10,
  name: 'contact_search',
  up(db) {
    db.function(FOLD_FUNCTION, { deterministic: true }, searchTextOf);
    db.exec(`
      ALTER TABLE contacts ADD COLUMN search_text TEXT;
      UPDATE contacts SET search_text = ${FOLD_FUNCTION}(name, email) WHERE name IS NOT NULL OR email IS NOT NULL;
    `);
  },
};

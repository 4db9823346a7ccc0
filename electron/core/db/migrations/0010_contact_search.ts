import type { Migration } from './types';
import { SEARCH_TEXT_FUNCTION, useSearchTextFunction } from '../../leads/search-text';

// Accent- and case-insensitive contact search: `search_text` holds the contact's name and
// e-mail folded (see leads/search-text.ts). Writers set it; rows written without it (none of
// ours, but a restored old backup goes through this migration too) are folded here, and the
// search falls back to name/e-mail for any row still without one.
export const migration0010: Migration = {
  version: 10,
  name: 'contact_search',
  up(db) {
    useSearchTextFunction(db);
    db.exec(`
      ALTER TABLE contacts ADD COLUMN search_text TEXT;
      UPDATE contacts SET search_text = ${SEARCH_TEXT_FUNCTION}(name, email) WHERE name IS NOT NULL OR email IS NOT NULL;
    `);
  },
};

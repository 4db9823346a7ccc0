import type { Migration } from './types';

export const migration0001: Migration = {
  version: 1,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      -- Secrets are stored only as SecretBox ciphertext.
      CREATE TABLE secrets (
        name TEXT PRIMARY KEY,
        blob BLOB NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
    `);
  },
};

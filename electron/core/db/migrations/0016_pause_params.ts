import type { Migration } from './types';

// The values an automatic pause's text names (a number's label, a count, the plan), as JSON,
// beside pause_code: the core keeps writing its pt-BR pause_reason, and the interface says the
// same thing in another language from the code and these params.
export const migration0016: Migration = {
  version: 16,
  name: 'pause_params',
  up(db) {
    db.exec('ALTER TABLE campaigns ADD COLUMN pause_params TEXT');
  },
};

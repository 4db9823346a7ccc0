import type { Migration } from './types';

// Deliveries a cancelled campaign never sent are told apart from the other skips ("Canceladas",
// not "Puladas"). They stay stored as state 'skipped' with error_code 'CANCELLED' (the CHECK on
// deliveries.state would need a table rebuild); the counters get a column of their own, so
// skipped + cancelled together equal the stored skipped rows.
//
// Earlier versions could also leave a delivery "Na fila" after cancelling: the one being typed
// when the user cancelled went back to the queue of a campaign that would never send it. Those
// rows are cancelled here, with their counters.
export const migration0011: Migration = {
  version: 11,
  name: 'cancelled_deliveries',
  up(db) {
    db.exec(`
      ALTER TABLE campaign_counters ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE variation_counters ADD COLUMN cancelled INTEGER NOT NULL DEFAULT 0;

      CREATE TEMP TABLE stranded AS
        SELECT d.campaign_id, count(*) AS n FROM deliveries d JOIN campaigns c ON c.id = d.campaign_id
        WHERE c.status = 'cancelled' AND d.state = 'queued' GROUP BY d.campaign_id;
      UPDATE deliveries SET state = 'skipped', error_code = 'CANCELLED',
             error_reason = 'Campanha cancelada antes deste envio.', updated_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
        WHERE state = 'queued' AND campaign_id IN (SELECT campaign_id FROM stranded);
      UPDATE campaign_counters SET queued = queued - (SELECT n FROM stranded s WHERE s.campaign_id = campaign_counters.campaign_id),
                                   skipped = skipped + (SELECT n FROM stranded s WHERE s.campaign_id = campaign_counters.campaign_id)
        WHERE campaign_id IN (SELECT campaign_id FROM stranded);
      DROP TABLE stranded;

      CREATE TEMP TABLE cancelled_counts AS
        SELECT campaign_id, count(*) AS n FROM deliveries WHERE state = 'skipped' AND error_code = 'CANCELLED' GROUP BY campaign_id;
      UPDATE campaign_counters SET cancelled = (SELECT n FROM cancelled_counts x WHERE x.campaign_id = campaign_counters.campaign_id),
                                   skipped = skipped - (SELECT n FROM cancelled_counts x WHERE x.campaign_id = campaign_counters.campaign_id)
        WHERE campaign_id IN (SELECT campaign_id FROM cancelled_counts);
      DROP TABLE cancelled_counts;
    `);
  },
};

import type { Migration } from './types';

// Schema for live results: hourly timeline counters, closed deals and per-campaign totals that
// campaign_counters (0004) does not carry. Everything here is kept by triggers, so it moves in
// the same transaction as the row change it counts, whoever writes the row.
//
// hourly_counters: per campaign and UTC hour (hour_start = epoch ms floored to the hour; every
// Brazilian zone is a whole-hour offset, so local days are unions of these hours). Each
// delivery contributes +1 to a cell per metric, derived from its own columns only:
//   sent      state IN (sent, delivered, read)  at sent_at   ("reached the channel", as
//             campaign_counters counts sent + delivered + read; a later error receipt moves it to failed)
//   delivered delivered_at IS NOT NULL          at delivered_at
//   read      read_at IS NOT NULL               at read_at
//   replied   replied_at IS NOT NULL            at replied_at
//   failed    state = failed                    at failed_at
//   invalid   state = invalid                   at last_attempt_at (else created_at)
// so the table always equals a GROUP BY over deliveries (see results property tests), and
// hourly_totals equals hourly_counters summed over campaigns.

const HOUR = 3_600_000;

interface Metric {
  col: string;
  /** Whether row `r` (OLD/NEW) contributes to this metric. */
  when(r: string): string;
  /** The instant the contribution is bucketed at. */
  at(r: string): string;
  /** Columns the two above read. */
  reads: string[];
}

export const HOURLY_METRICS: readonly Metric[] = [
  { col: 'sent', when: (r) => `${r}.state IN ('sent', 'delivered', 'read') AND ${r}.sent_at IS NOT NULL`, at: (r) => `${r}.sent_at`, reads: ['state', 'sent_at'] },
  { col: 'delivered', when: (r) => `${r}.delivered_at IS NOT NULL`, at: (r) => `${r}.delivered_at`, reads: ['delivered_at'] },
  { col: 'read', when: (r) => `${r}.read_at IS NOT NULL`, at: (r) => `${r}.read_at`, reads: ['read_at'] },
  { col: 'replied', when: (r) => `${r}.replied_at IS NOT NULL`, at: (r) => `${r}.replied_at`, reads: ['replied_at'] },
  { col: 'failed', when: (r) => `${r}.state = 'failed' AND ${r}.failed_at IS NOT NULL`, at: (r) => `${r}.failed_at`, reads: ['state', 'failed_at'] },
  { col: 'invalid', when: (r) => `${r}.state = 'invalid'`, at: (r) => `coalesce(${r}.last_attempt_at, ${r}.created_at)`, reads: ['state', 'last_attempt_at', 'created_at'] },
];

const hourOf = (expr: string) => `(CAST((${expr}) / ${HOUR} AS INTEGER) * ${HOUR})`;
const COLS = HOURLY_METRICS.map((m) => `"${m.col}"`);

/** The hour a row counts in for a metric, or NULL when it does not count. */
const cell = (m: Metric, r: string) => `(CASE WHEN ${m.when(r)} THEN ${hourOf(m.at(r))} END)`;

const addNew = (m: Metric) => `INSERT INTO hourly_counters (campaign_id, hour_start, "${m.col}") SELECT NEW.campaign_id, ${hourOf(m.at('NEW'))}, 1 WHERE ${m.when('NEW')}
          ON CONFLICT (campaign_id, hour_start) DO UPDATE SET "${m.col}" = "${m.col}" + 1;`;
// UPDATE only: a cascading campaign delete may already have removed the cell.
const removeOld = (m: Metric) => `UPDATE hourly_counters SET "${m.col}" = "${m.col}" - 1 WHERE campaign_id = OLD.campaign_id AND hour_start = ${hourOf(m.at('OLD'))} AND ${m.when('OLD')};`;

/**
 * One trigger per metric and event, each firing only when that metric's cell of the row
 * changes, so a transition costs one small upsert per metric it actually moves (most move one).
 */
function hourlyTriggers(): string {
  return HOURLY_METRICS.map((m) => {
    const name = `deliveries_hourly_${m.col}`;
    const watched = [...new Set(['campaign_id', ...m.reads])].join(', ');
    return `
      CREATE TRIGGER ${name}_insert AFTER INSERT ON deliveries WHEN ${m.when('NEW')}
      BEGIN
        ${addNew(m)}
      END;
      CREATE TRIGGER ${name}_update AFTER UPDATE OF ${watched} ON deliveries
      WHEN ${cell(m, 'OLD')} IS NOT ${cell(m, 'NEW')} OR OLD.campaign_id IS NOT NEW.campaign_id
      BEGIN
        ${removeOld(m)}
        ${addNew(m)}
      END;
      CREATE TRIGGER ${name}_delete AFTER DELETE ON deliveries WHEN ${m.when('OLD')}
      BEGIN
        ${removeOld(m)}
      END;`;
  }).join('\n');
}

export const migration0008: Migration = {
  version: 8,
  name: 'results',
  up(db) {
    db.exec(`
      CREATE TABLE hourly_counters (
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        hour_start  INTEGER NOT NULL,
        sent        INTEGER NOT NULL DEFAULT 0,
        delivered   INTEGER NOT NULL DEFAULT 0,
        "read"      INTEGER NOT NULL DEFAULT 0,
        replied     INTEGER NOT NULL DEFAULT 0,
        failed      INTEGER NOT NULL DEFAULT 0,
        invalid     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, hour_start)
      ) WITHOUT ROWID;

      -- All campaigns together per hour, for the dashboard: its cost follows the hours shown,
      -- not how many campaigns ran. Kept from hourly_counters by triggers (same transaction).
      CREATE TABLE hourly_totals (
        hour_start  INTEGER PRIMARY KEY,
        sent        INTEGER NOT NULL DEFAULT 0,
        delivered   INTEGER NOT NULL DEFAULT 0,
        "read"      INTEGER NOT NULL DEFAULT 0,
        replied     INTEGER NOT NULL DEFAULT 0,
        failed      INTEGER NOT NULL DEFAULT 0,
        invalid     INTEGER NOT NULL DEFAULT 0
      );
      CREATE TRIGGER hourly_totals_insert AFTER INSERT ON hourly_counters
      BEGIN
        INSERT INTO hourly_totals (hour_start, ${COLS.join(', ')}) VALUES (NEW.hour_start, ${COLS.map((c) => `NEW.${c}`).join(', ')})
        ON CONFLICT (hour_start) DO UPDATE SET ${COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};
      END;
      CREATE TRIGGER hourly_totals_update AFTER UPDATE ON hourly_counters WHEN OLD.hour_start = NEW.hour_start
      BEGIN
        UPDATE hourly_totals SET ${COLS.map((c) => `${c} = ${c} + NEW.${c} - OLD.${c}`).join(', ')} WHERE hour_start = NEW.hour_start;
      END;
      CREATE TRIGGER hourly_totals_move AFTER UPDATE ON hourly_counters WHEN OLD.hour_start IS NOT NEW.hour_start
      BEGIN
        UPDATE hourly_totals SET ${COLS.map((c) => `${c} = ${c} - OLD.${c}`).join(', ')} WHERE hour_start = OLD.hour_start;
        INSERT INTO hourly_totals (hour_start, ${COLS.join(', ')}) VALUES (NEW.hour_start, ${COLS.map((c) => `NEW.${c}`).join(', ')})
        ON CONFLICT (hour_start) DO UPDATE SET ${COLS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')};
      END;
      CREATE TRIGGER hourly_totals_delete AFTER DELETE ON hourly_counters
      BEGIN
        UPDATE hourly_totals SET ${COLS.map((c) => `${c} = ${c} - OLD.${c}`).join(', ')} WHERE hour_start = OLD.hour_start;
      END;

      ${hourlyTriggers()}

      -- Closed deals as a ledger: +1 when the user records one ("negócio fechado"), -1 when they
      -- take it back. A deal may come from a reply (inbound_id) or the campaign's +/- buttons.
      CREATE TABLE deals (
        id          INTEGER PRIMARY KEY,
        campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
        inbound_id  INTEGER REFERENCES inbound_messages (id) ON DELETE SET NULL,
        delta       INTEGER NOT NULL CHECK (delta IN (1, -1)),
        note        TEXT,
        at          INTEGER NOT NULL
      );
      CREATE INDEX deals_at ON deals (at);
      CREATE INDEX deals_campaign ON deals (campaign_id);
      CREATE INDEX deals_inbound ON deals (inbound_id) WHERE inbound_id IS NOT NULL;

      -- Per-campaign totals read in O(1) next to campaign_counters.
      CREATE TABLE campaign_results (
        campaign_id  INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
        closed_deals INTEGER NOT NULL DEFAULT 0,
        opted_out    INTEGER NOT NULL DEFAULT 0
      );

      CREATE TRIGGER deals_results_insert AFTER INSERT ON deals WHEN NEW.campaign_id IS NOT NULL
      BEGIN
        INSERT INTO campaign_results (campaign_id, closed_deals) VALUES (NEW.campaign_id, NEW.delta)
        ON CONFLICT (campaign_id) DO UPDATE SET closed_deals = closed_deals + excluded.closed_deals;
      END;
      CREATE TRIGGER deals_results_update AFTER UPDATE OF campaign_id, delta ON deals
      BEGIN
        UPDATE campaign_results SET closed_deals = closed_deals - OLD.delta WHERE campaign_id = OLD.campaign_id;
        INSERT INTO campaign_results (campaign_id, closed_deals) SELECT NEW.campaign_id, NEW.delta WHERE NEW.campaign_id IS NOT NULL
        ON CONFLICT (campaign_id) DO UPDATE SET closed_deals = closed_deals + excluded.closed_deals;
      END;
      CREATE TRIGGER deals_results_delete AFTER DELETE ON deals
      BEGIN
        UPDATE campaign_results SET closed_deals = closed_deals - OLD.delta WHERE campaign_id = OLD.campaign_id;
      END;

      CREATE TRIGGER opt_outs_results_insert AFTER INSERT ON opt_out_events WHEN NEW.campaign_id IS NOT NULL
      BEGIN
        INSERT INTO campaign_results (campaign_id, opted_out) VALUES (NEW.campaign_id, 1)
        ON CONFLICT (campaign_id) DO UPDATE SET opted_out = opted_out + 1;
      END;
      CREATE TRIGGER opt_outs_results_update AFTER UPDATE OF campaign_id ON opt_out_events
      BEGIN
        UPDATE campaign_results SET opted_out = opted_out - 1 WHERE campaign_id = OLD.campaign_id;
        INSERT INTO campaign_results (campaign_id, opted_out) SELECT NEW.campaign_id, 1 WHERE NEW.campaign_id IS NOT NULL
        ON CONFLICT (campaign_id) DO UPDATE SET opted_out = opted_out + 1;
      END;
      CREATE TRIGGER opt_outs_results_delete AFTER DELETE ON opt_out_events
      BEGIN
        UPDATE campaign_results SET opted_out = opted_out - 1 WHERE campaign_id = OLD.campaign_id;
      END;

      -- The replies inbox lists inbound messages newest first, optionally by number.
      CREATE INDEX inbound_at ON inbound_messages (at, id);
      CREATE INDEX inbound_number ON inbound_messages (number_id, at);
      -- Reports show each delivery's first reply.
      CREATE INDEX inbound_delivery ON inbound_messages (delivery_id, at) WHERE delivery_id IS NOT NULL;
    `);

    // Rows written before this version (an engine that ran without 0008) are counted once now
    // (hourly_totals follows through its triggers).
    for (const m of HOURLY_METRICS) {
      db.exec(`
        INSERT INTO hourly_counters (campaign_id, hour_start, "${m.col}")
        SELECT d.campaign_id, ${hourOf(m.at('d'))}, count(*) FROM deliveries d WHERE ${m.when('d')} GROUP BY 1, 2
        ON CONFLICT (campaign_id, hour_start) DO UPDATE SET "${m.col}" = "${m.col}" + excluded."${m.col}";
      `);
    }
    db.exec(`
      INSERT INTO campaign_results (campaign_id, opted_out)
      SELECT campaign_id, count(*) FROM opt_out_events WHERE campaign_id IS NOT NULL AND campaign_id IN (SELECT id FROM campaigns) GROUP BY campaign_id;
    `);
  },
};

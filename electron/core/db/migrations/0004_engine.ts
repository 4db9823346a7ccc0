import type { Migration } from './types';

// Run-time state of campaigns: one delivery per (campaign, contact), inbound messages, the
// opt-out event log, counters kept exact in the same transaction as each delivery change, and
// each number's pacing state (so a restart honours gaps, batch pauses and caps).
// - deliveries.state: queued → sending → sent → delivered → read; failed, invalid, skipped,
//   uncertain are final (failed/uncertain may be re-queued by the user). replied_at is a flag.
// - next_attempt_at is 0 for fresh rows and the retry instant for transient failures.
// - contact_id becomes NULL if the contact is deleted: the row stays for the campaign's record.
export const migration0004: Migration = {
  version: 4,
  name: 'engine',
  up(db) {
    db.exec(`
      CREATE TABLE deliveries (
        id              INTEGER PRIMARY KEY,
        campaign_id     INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        contact_id      INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
        state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN
                          ('queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'invalid', 'skipped', 'uncertain')),
        attempts        INTEGER NOT NULL DEFAULT 0,
        next_attempt_at INTEGER NOT NULL DEFAULT 0,
        message_id      TEXT,
        number_id       INTEGER REFERENCES numbers (id) ON DELETE SET NULL,
        variation       INTEGER,
        text            TEXT,
        jid             TEXT,
        error_code      TEXT,
        error_reason    TEXT,
        last_attempt_at INTEGER,
        sent_at         INTEGER,
        delivered_at    INTEGER,
        read_at         INTEGER,
        replied_at      INTEGER,
        failed_at       INTEGER,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL,
        UNIQUE (campaign_id, contact_id)
      );
      CREATE UNIQUE INDEX deliveries_message ON deliveries (message_id) WHERE message_id IS NOT NULL;
      -- The send queue: only queued rows, in due order.
      CREATE INDEX deliveries_queue ON deliveries (campaign_id, next_attempt_at, id) WHERE state = 'queued';
      -- Frequency cap, reply attribution and opt-out suppression look deliveries up by contact.
      CREATE INDEX deliveries_contact ON deliveries (contact_id, last_attempt_at);
      CREATE INDEX deliveries_campaign_state ON deliveries (campaign_id, state);
      CREATE INDEX deliveries_number ON deliveries (number_id) WHERE number_id IS NOT NULL;

      CREATE TABLE campaign_counters (
        campaign_id INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
        total       INTEGER NOT NULL DEFAULT 0,
        queued      INTEGER NOT NULL DEFAULT 0,
        sending     INTEGER NOT NULL DEFAULT 0,
        sent        INTEGER NOT NULL DEFAULT 0,
        delivered   INTEGER NOT NULL DEFAULT 0,
        "read"      INTEGER NOT NULL DEFAULT 0,
        failed      INTEGER NOT NULL DEFAULT 0,
        invalid     INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        uncertain   INTEGER NOT NULL DEFAULT 0,
        replied     INTEGER NOT NULL DEFAULT 0
      );

      CREATE TABLE variation_counters (
        campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
        variation   INTEGER NOT NULL,
        queued      INTEGER NOT NULL DEFAULT 0,
        sending     INTEGER NOT NULL DEFAULT 0,
        sent        INTEGER NOT NULL DEFAULT 0,
        delivered   INTEGER NOT NULL DEFAULT 0,
        "read"      INTEGER NOT NULL DEFAULT 0,
        failed      INTEGER NOT NULL DEFAULT 0,
        invalid     INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        uncertain   INTEGER NOT NULL DEFAULT 0,
        replied     INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (campaign_id, variation)
      ) WITHOUT ROWID;

      -- Per number and local day (app time zone). attempts = messages handed to the channel
      -- (what caps and the plan limit count); the others follow the deliveries' timestamps.
      CREATE TABLE number_daily_counters (
        number_id INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        day       TEXT NOT NULL,
        attempts  INTEGER NOT NULL DEFAULT 0,
        sent      INTEGER NOT NULL DEFAULT 0,
        delivered INTEGER NOT NULL DEFAULT 0,
        "read"    INTEGER NOT NULL DEFAULT 0,
        replied   INTEGER NOT NULL DEFAULT 0,
        failed    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (number_id, day)
      ) WITHOUT ROWID;

      CREATE TABLE number_pacing (
        number_id  INTEGER PRIMARY KEY REFERENCES numbers (id) ON DELETE CASCADE,
        state      TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE inbound_messages (
        id          INTEGER PRIMARY KEY,
        number_id   INTEGER REFERENCES numbers (id) ON DELETE SET NULL,
        contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
        delivery_id INTEGER REFERENCES deliveries (id) ON DELETE SET NULL,
        campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        from_e164   TEXT,
        jid         TEXT NOT NULL,
        text        TEXT NOT NULL,
        opt_out     INTEGER NOT NULL DEFAULT 0,
        at          INTEGER NOT NULL,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX inbound_contact ON inbound_messages (contact_id, at);
      CREATE INDEX inbound_campaign ON inbound_messages (campaign_id, at);

      -- Every opt-out (and re-subscription) as it happened; contacts.status is the current truth.
      CREATE TABLE opt_out_events (
        id          INTEGER PRIMARY KEY,
        contact_id  INTEGER REFERENCES contacts (id) ON DELETE SET NULL,
        phone_key   TEXT NOT NULL,
        source      TEXT NOT NULL CHECK (source IN ('reply', 'manual', 'import')),
        keyword     TEXT,
        campaign_id INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        number_id   INTEGER REFERENCES numbers (id) ON DELETE SET NULL,
        at          INTEGER NOT NULL
      );
      CREATE INDEX opt_out_events_contact ON opt_out_events (contact_id, at);
    `);
  },
};

import type { Migration } from './types';

// The official channel: WhatsApp Cloud API numbers (numbers.kind = 'cloud').
//
// numbers.kind has a CHECK listing the kinds. Rebuilding `numbers` would cascade into every
// table that references it, so the CHECK is widened in place, the way SQLite documents for
// loosening a constraint ("Making Other Kinds Of Table Schema Changes": edit sqlite_schema with
// writable_schema, then bump schema_version). Every existing row still satisfies the wider list.
//
// - cloud_accounts: the Graph ids and what the API last reported for each Cloud number, and its
//   relay mailbox (webhook URL, verify token, cursor). Token and app secret live in `secrets`.
// - cloud_messages: every message sent through a Cloud number: Recado's id ↔ Meta's wamid, the
//   campaign, whether it went as a fallback, and what Meta billed (from status webhooks).
// - cloud_windows: when each contact last wrote to each Cloud number (24-hour service window).
// - cloud_media: header media uploaded once and reused while the media id is valid.
// - cloud_templates: the templates listed from Graph, cached for offline preparation.
// - cloud_events_applied: webhook events already applied (idempotent by event key).
// - cloud_settings: the dated BRL rate table and the Graph API version.
// - campaign_routes: campaigns that moved to their fallback Cloud number, when and why.
export const migration0019: Migration = {
  version: 19,
  name: 'cloud',
  up(db) {
    const row = db.prepare<[], { sql: string }>("SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = 'numbers'").get();
    const before = "kind IN ('simulator', 'whatsapp')";
    if (!row || !row.sql.includes(before)) throw new Error('numbers.kind CHECK not found as created by migration 0003');
    const version = db.pragma('schema_version', { simple: true }) as number;
    db.unsafeMode(true);
    try {
      db.pragma('writable_schema = ON');
      db.prepare("UPDATE sqlite_schema SET sql = ? WHERE type = 'table' AND name = 'numbers'").run(row.sql.replace(before, "kind IN ('simulator', 'whatsapp', 'cloud')"));
      db.pragma(`schema_version = ${version + 1}`);
      db.pragma('writable_schema = OFF');
    } finally {
      db.unsafeMode(false);
    }

    db.exec(`
      CREATE TABLE cloud_accounts (
        number_id        INTEGER PRIMARY KEY REFERENCES numbers (id) ON DELETE CASCADE,
        phone_number_id  TEXT NOT NULL,
        waba_id          TEXT NOT NULL,
        display_phone    TEXT,
        verified_name    TEXT,
        name_status      TEXT,
        quality_rating   TEXT,
        messaging_limit  TEXT,
        throughput_level TEXT,
        checked_at       INTEGER,
        mailbox_id       TEXT,
        webhook_url      TEXT,
        verify_token     TEXT,
        relay_cursor     INTEGER NOT NULL DEFAULT 0,
        relay_error      TEXT,
        last_event_at    INTEGER,
        forged           INTEGER NOT NULL DEFAULT 0,
        created_at       INTEGER NOT NULL,
        updated_at       INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX cloud_accounts_phone ON cloud_accounts (phone_number_id);

      CREATE TABLE cloud_messages (
        message_id      TEXT PRIMARY KEY,
        wamid           TEXT UNIQUE,
        number_id       INTEGER REFERENCES numbers (id) ON DELETE SET NULL,
        campaign_id     INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        phone_key       TEXT,
        kind            TEXT NOT NULL CHECK (kind IN ('template', 'text')),
        template_name   TEXT,
        category        TEXT,
        fallback        INTEGER NOT NULL DEFAULT 0,
        sent_at         INTEGER NOT NULL,
        billed_category TEXT,
        billed_type     TEXT,
        billed_brl      REAL,
        billed_at       INTEGER
      ) WITHOUT ROWID;
      CREATE INDEX cloud_messages_campaign ON cloud_messages (campaign_id) WHERE campaign_id IS NOT NULL;
      CREATE INDEX cloud_messages_recent ON cloud_messages (number_id, sent_at);

      CREATE TABLE cloud_windows (
        number_id       INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        phone_key       TEXT NOT NULL,
        last_inbound_at INTEGER NOT NULL,
        PRIMARY KEY (number_id, phone_key)
      ) WITHOUT ROWID;

      CREATE TABLE cloud_media (
        number_id   INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        sha256      TEXT NOT NULL,
        media_id    TEXT NOT NULL,
        uploaded_at INTEGER NOT NULL,
        PRIMARY KEY (number_id, sha256)
      ) WITHOUT ROWID;

      CREATE TABLE cloud_templates (
        number_id        INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        template_id      TEXT NOT NULL,
        name             TEXT NOT NULL,
        language         TEXT NOT NULL,
        category         TEXT NOT NULL,
        status           TEXT NOT NULL,
        rejected_reason  TEXT,
        parameter_format TEXT,
        components       TEXT NOT NULL,
        submitted_here   INTEGER NOT NULL DEFAULT 0,
        updated_at       INTEGER NOT NULL,
        PRIMARY KEY (number_id, template_id)
      ) WITHOUT ROWID;

      CREATE TABLE cloud_template_sync (
        number_id INTEGER PRIMARY KEY REFERENCES numbers (id) ON DELETE CASCADE,
        synced_at INTEGER NOT NULL
      );

      CREATE TABLE cloud_events_applied (
        key        TEXT PRIMARY KEY,
        applied_at INTEGER NOT NULL
      ) WITHOUT ROWID;

      CREATE TABLE cloud_settings (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        rate_table    TEXT,
        graph_version TEXT,
        updated_at    INTEGER NOT NULL
      );

      CREATE TABLE campaign_routes (
        campaign_id  INTEGER PRIMARY KEY REFERENCES campaigns (id) ON DELETE CASCADE,
        fallback_at  INTEGER NOT NULL,
        reason       TEXT NOT NULL
      );
    `);
  },
};

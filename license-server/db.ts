// SQLite schema for the license server. Times are epoch milliseconds.
import Database from 'better-sqlite3';

export type Db = Database.Database;

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS licenses (
  id              TEXT PRIMARY KEY,          -- "lic_..." shown to the seller and signed into tokens
  email           TEXT NOT NULL,
  name            TEXT,
  plan            TEXT NOT NULL,
  source          TEXT NOT NULL,             -- 'hotmart' | 'manual'
  product_id      TEXT,
  transaction_code TEXT,                     -- Hotmart "HP..." of the purchase that created it
  subscriber_code TEXT,
  key_hash        TEXT NOT NULL UNIQUE,      -- SHA-256 of the canonical key (lookup)
  key_enc         TEXT NOT NULL,             -- AES-256-GCM of the key (seller display)
  status          TEXT NOT NULL DEFAULT 'active', -- 'active' | 'revoked'
  guarantee_over  INTEGER NOT NULL DEFAULT 0, -- 1 after PURCHASE_COMPLETE: long-lived tokens
  ends_at         INTEGER,                   -- NULL = no end (one-time purchase)
  created_at      INTEGER NOT NULL,
  updated_at      INTEGER NOT NULL,
  revoked_at      INTEGER,
  revoke_reason   TEXT
);
CREATE INDEX IF NOT EXISTS licenses_transaction ON licenses(transaction_code);
CREATE INDEX IF NOT EXISTS licenses_subscriber ON licenses(subscriber_code);

-- Every Hotmart transaction seen for a license (renewals add rows).
CREATE TABLE IF NOT EXISTS license_transactions (
  transaction_code TEXT PRIMARY KEY,
  license_id      TEXT NOT NULL REFERENCES licenses(id)
);

CREATE TABLE IF NOT EXISTS activations (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  license_id      TEXT NOT NULL REFERENCES licenses(id),
  machine_id      TEXT NOT NULL,
  app_version     TEXT,
  offline         INTEGER NOT NULL DEFAULT 0,
  activated_at    INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL,
  deactivated_at  INTEGER
);
CREATE UNIQUE INDEX IF NOT EXISTS activations_active ON activations(license_id, machine_id) WHERE deactivated_at IS NULL;

-- Audit trail shown by "license-admin history".
CREATE TABLE IF NOT EXISTS license_events (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  license_id      TEXT NOT NULL,
  at              INTEGER NOT NULL,
  kind            TEXT NOT NULL,
  detail          TEXT
);
CREATE INDEX IF NOT EXISTS license_events_license ON license_events(license_id, at);

-- Every webhook delivery that passed the hottok check, keyed by Hotmart's event id.
CREATE TABLE IF NOT EXISTS webhook_events (
  id              TEXT PRIMARY KEY,
  event           TEXT NOT NULL,
  creation_date   INTEGER,
  received_at     INTEGER NOT NULL,
  product_id      TEXT,
  transaction_code TEXT,
  subscriber_code TEXT,
  outcome         TEXT NOT NULL,             -- applied | ignored_* | error
  license_id      TEXT,
  note            TEXT,
  payload         TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS webhook_events_transaction ON webhook_events(transaction_code);
CREATE INDEX IF NOT EXISTS webhook_events_license ON webhook_events(license_id);

-- Emails to buyers: always recorded; sent when SMTP is configured.
CREATE TABLE IF NOT EXISTS outbox (
  id              INTEGER PRIMARY KEY AUTOINCREMENT,
  license_id      TEXT,
  to_addr         TEXT NOT NULL,
  subject         TEXT NOT NULL,
  body            TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  sent_at         INTEGER,
  error           TEXT
);
`;

export function openDb(path: string): Db {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) throw new Error(`license DB schema ${version} is newer than this server (${SCHEMA_VERSION})`);
  db.exec(SCHEMA);
  db.pragma(`user_version = ${SCHEMA_VERSION}`);
  return db;
}

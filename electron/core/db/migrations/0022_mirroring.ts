import type { Migration } from './types';

// Offer mirroring (issue 19, "Espelhar ofertas"):
// - mirror_rules: a source group or chat of a linked number, its destination groups
//   (mirror_destinations), rewrite rules (JSON), dedup period, pace, daily cap, typing, pause.
// - mirror_posts: one row per source message and destination, written before anything is sent
//   (the at-most-once record): queued → sending (message id stored, committed before the
//   channel gets it) → sent | failed | uncertain, or skipped with a reason. Unique per rule,
//   source message and destination, so a replayed message is never planned twice.
// - mirror_post_links: the links a post carried, for "same link" duplicates per destination.
export const migration0022: Migration = {
  version: 22,
  name: 'mirroring',
  up(db) {
    db.exec(`
      CREATE TABLE mirror_rules (
        id           INTEGER PRIMARY KEY,
        number_id    INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        name         TEXT NOT NULL,
        source_kind  TEXT NOT NULL CHECK (source_kind IN ('group', 'chat')),
        source_jid   TEXT NOT NULL,
        rewrites     TEXT NOT NULL DEFAULT '[]',
        dedup_hours  INTEGER NOT NULL,
        pace_seconds INTEGER NOT NULL,
        daily_cap    INTEGER NOT NULL,
        typing       INTEGER NOT NULL DEFAULT 1,
        paused       INTEGER NOT NULL DEFAULT 0,
        pause_reason TEXT,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      );
      CREATE INDEX mirror_rules_source ON mirror_rules (number_id, source_jid);

      CREATE TABLE mirror_destinations (
        rule_id INTEGER NOT NULL REFERENCES mirror_rules (id) ON DELETE CASCADE,
        jid     TEXT NOT NULL,
        PRIMARY KEY (rule_id, jid)
      );

      CREATE TABLE mirror_posts (
        id                INTEGER PRIMARY KEY,
        rule_id           INTEGER NOT NULL REFERENCES mirror_rules (id) ON DELETE CASCADE,
        number_id         INTEGER NOT NULL,
        source_message_id TEXT NOT NULL,
        dest_jid          TEXT NOT NULL,
        state             TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'uncertain', 'failed', 'skipped')),
        reason            TEXT,
        content_hash      TEXT NOT NULL,
        text              TEXT NOT NULL,
        image             TEXT,
        message_id        TEXT,
        day               TEXT NOT NULL,
        due_at            INTEGER NOT NULL,
        created_at        INTEGER NOT NULL,
        sent_at           INTEGER,
        UNIQUE (rule_id, source_message_id, dest_jid)
      );
      CREATE INDEX mirror_posts_dest ON mirror_posts (number_id, dest_jid, created_at);
      CREATE INDEX mirror_posts_queue ON mirror_posts (state, due_at) WHERE state IN ('queued', 'sending');
      CREATE INDEX mirror_posts_rule ON mirror_posts (rule_id, id);
      CREATE INDEX mirror_posts_message ON mirror_posts (message_id) WHERE message_id IS NOT NULL;

      CREATE TABLE mirror_post_links (
        post_id   INTEGER NOT NULL REFERENCES mirror_posts (id) ON DELETE CASCADE,
        number_id INTEGER NOT NULL,
        dest_jid  TEXT NOT NULL,
        link      TEXT NOT NULL,
        PRIMARY KEY (post_id, link)
      ) WITHOUT ROWID;
      CREATE INDEX mirror_post_links_dest ON mirror_post_links (number_id, dest_jid, link);
    `);
  },
};

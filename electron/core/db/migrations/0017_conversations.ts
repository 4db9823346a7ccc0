import type { Migration } from './types';

// Conversations (issue 18): the Respostas inbox becomes one thread per contact.
// - conversations: one row per person who wrote to us, keyed by the canonical phone (E.164) or,
//   for a sender known only by WhatsApp LID, by 'jid:<jid>'. The contact is found by phone_key at
//   read time (a contact imported later shows up by name). number_id is the number they last
//   wrote to (replies go out through it); unread counts their messages since the thread was
//   last opened; status open/done; needs_human is the "precisa de você" flag the reply assistant
//   raises when it hands over (reason code in needs_human_reason); auto_replies counts the
//   assistant's automatic answers to this contact (its per-contact cap); assistant_paused stops
//   it for this contact after a handoff until the user hands the thread back.
// - conversation_messages: what we sent outside campaigns, by hand (origin 'manual') or by the
//   assistant ('auto'). message_id is pre-generated and stored before the send (at-most-once,
//   receipts match it); client_key makes a repeated request (double click, reconnect) return the
//   first one instead of sending twice.
// - inbound_messages.conversation_id: each reply's thread. Deleting a contact deletes its thread.
// - quick_replies: saved snippets with variables ({primeiro_nome}, …).
// - assistant_settings: the AI reply assistant per campaign or per number (off by default).
// - deals.value_cents and campaign_results.revenue_cents: a closed deal's value in centavos and
//   the campaign's revenue, kept by the deal triggers in the same transaction as the ledger row.
export const migration0017: Migration = {
  version: 17,
  name: 'conversations',
  up(db) {
    db.exec(`
      CREATE TABLE conversations (
        id                 INTEGER PRIMARY KEY,
        key                TEXT NOT NULL UNIQUE,
        phone_key          TEXT,
        jid                TEXT NOT NULL,
        number_id          INTEGER REFERENCES numbers (id) ON DELETE SET NULL,
        campaign_id        INTEGER REFERENCES campaigns (id) ON DELETE SET NULL,
        last_at            INTEGER NOT NULL,
        last_inbound_at    INTEGER,
        last_preview       TEXT NOT NULL DEFAULT '',
        last_direction     TEXT NOT NULL DEFAULT 'in' CHECK (last_direction IN ('in', 'out')),
        unread             INTEGER NOT NULL DEFAULT 0,
        status             TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
        needs_human        INTEGER NOT NULL DEFAULT 0,
        needs_human_reason TEXT,
        needs_human_at     INTEGER,
        auto_replies       INTEGER NOT NULL DEFAULT 0,
        assistant_paused   INTEGER NOT NULL DEFAULT 0,
        suggestion         TEXT,
        suggestion_for     INTEGER,
        created_at         INTEGER NOT NULL,
        updated_at         INTEGER NOT NULL
      );
      CREATE INDEX conversations_recent ON conversations (last_at, id);
      CREATE INDEX conversations_phone ON conversations (phone_key) WHERE phone_key IS NOT NULL;
      CREATE INDEX conversations_unread ON conversations (last_at) WHERE unread > 0;
      CREATE INDEX conversations_needs_human ON conversations (last_at) WHERE needs_human = 1;
      -- Deleting a contact (an LGPD request) deletes their thread and what we sent them in it.
      CREATE TRIGGER contacts_conversations_delete AFTER DELETE ON contacts
      BEGIN
        DELETE FROM conversations WHERE phone_key = OLD.phone_key;
      END;

      CREATE TABLE conversation_messages (
        id              INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
        number_id       INTEGER REFERENCES numbers (id) ON DELETE SET NULL,
        client_key      TEXT UNIQUE,
        message_id      TEXT NOT NULL UNIQUE,
        origin          TEXT NOT NULL CHECK (origin IN ('manual', 'auto')),
        ai_draft        INTEGER NOT NULL DEFAULT 0,
        text            TEXT NOT NULL,
        attachment      TEXT,
        jid             TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'delivered', 'read', 'failed', 'uncertain')),
        error_code      TEXT,
        error_reason    TEXT,
        created_at      INTEGER NOT NULL,
        sent_at         INTEGER,
        delivered_at    INTEGER,
        read_at         INTEGER,
        failed_at       INTEGER,
        updated_at      INTEGER NOT NULL
      );
      CREATE INDEX conversation_messages_thread ON conversation_messages (conversation_id, created_at);
      CREATE INDEX conversation_messages_sending ON conversation_messages (state) WHERE state = 'sending';

      ALTER TABLE inbound_messages ADD COLUMN conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL;
      CREATE INDEX inbound_conversation ON inbound_messages (conversation_id, at) WHERE conversation_id IS NOT NULL;

      CREATE TABLE quick_replies (
        id         INTEGER PRIMARY KEY,
        title      TEXT NOT NULL UNIQUE COLLATE NOCASE,
        text       TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE assistant_settings (
        id           INTEGER PRIMARY KEY,
        campaign_id  INTEGER UNIQUE REFERENCES campaigns (id) ON DELETE CASCADE,
        number_id    INTEGER UNIQUE REFERENCES numbers (id) ON DELETE CASCADE,
        mode         TEXT NOT NULL DEFAULT 'off' CHECK (mode IN ('off', 'suggest', 'auto')),
        max_auto     INTEGER NOT NULL DEFAULT 3 CHECK (max_auto BETWEEN 1 AND 20),
        window       TEXT,
        updated_at   INTEGER NOT NULL,
        CHECK ((campaign_id IS NULL) <> (number_id IS NULL))
      );

      ALTER TABLE deals ADD COLUMN value_cents INTEGER CHECK (value_cents IS NULL OR value_cents >= 0);
      ALTER TABLE campaign_results ADD COLUMN revenue_cents INTEGER NOT NULL DEFAULT 0;

      DROP TRIGGER deals_results_insert;
      DROP TRIGGER deals_results_update;
      DROP TRIGGER deals_results_delete;
      CREATE TRIGGER deals_results_insert AFTER INSERT ON deals WHEN NEW.campaign_id IS NOT NULL
      BEGIN
        INSERT INTO campaign_results (campaign_id, closed_deals, revenue_cents) VALUES (NEW.campaign_id, NEW.delta, NEW.delta * coalesce(NEW.value_cents, 0))
        ON CONFLICT (campaign_id) DO UPDATE SET closed_deals = closed_deals + excluded.closed_deals, revenue_cents = revenue_cents + excluded.revenue_cents;
      END;
      CREATE TRIGGER deals_results_update AFTER UPDATE OF campaign_id, delta, value_cents ON deals
      BEGIN
        UPDATE campaign_results SET closed_deals = closed_deals - OLD.delta, revenue_cents = revenue_cents - OLD.delta * coalesce(OLD.value_cents, 0) WHERE campaign_id = OLD.campaign_id;
        INSERT INTO campaign_results (campaign_id, closed_deals, revenue_cents) SELECT NEW.campaign_id, NEW.delta, NEW.delta * coalesce(NEW.value_cents, 0) WHERE NEW.campaign_id IS NOT NULL
        ON CONFLICT (campaign_id) DO UPDATE SET closed_deals = closed_deals + excluded.closed_deals, revenue_cents = revenue_cents + excluded.revenue_cents;
      END;
      CREATE TRIGGER deals_results_delete AFTER DELETE ON deals
      BEGIN
        UPDATE campaign_results SET closed_deals = closed_deals - OLD.delta, revenue_cents = revenue_cents - OLD.delta * coalesce(OLD.value_cents, 0) WHERE campaign_id = OLD.campaign_id;
      END;
    `);

    // Replies received before this version become threads (read: nobody is waiting on them now).
    db.exec(`
      WITH keyed AS (
        SELECT i.id, i.at, i.text, i.jid, i.number_id, i.campaign_id,
               coalesce(c.phone_key, i.from_e164) AS phone,
               coalesce(c.phone_key, i.from_e164, 'jid:' || i.jid) AS k
        FROM inbound_messages i LEFT JOIN contacts c ON c.id = i.contact_id
      ),
      ranked AS (
        SELECT *, row_number() OVER (PARTITION BY k ORDER BY at DESC, id DESC) AS rn,
               min(at) OVER (PARTITION BY k) AS first_at
        FROM keyed
      )
      INSERT INTO conversations (key, phone_key, jid, number_id, campaign_id, last_at, last_inbound_at, last_preview, last_direction, created_at, updated_at)
      SELECT k, phone, jid, number_id, campaign_id, at, at, substr(text, 1, 200), 'in', first_at, at FROM ranked WHERE rn = 1;

      UPDATE inbound_messages SET conversation_id = (
        SELECT v.id FROM conversations v
        WHERE v.key = coalesce((SELECT c.phone_key FROM contacts c WHERE c.id = inbound_messages.contact_id), inbound_messages.from_e164, 'jid:' || inbound_messages.jid)
      );
    `);
  },
};

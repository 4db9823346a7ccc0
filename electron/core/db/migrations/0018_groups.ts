import type { Migration } from './types';

// WhatsApp groups (issue 19):
// - wa_groups: the groups each linked number is in, as its last refresh listed them; a group
//   the number left keeps its row (left_at) so old campaign results still show its name.
// - deliveries.group_jid: a campaign's audience may be groups instead of contacts. A group
//   delivery has no contact (contact_id NULL) and is unique per campaign (at most once per group).
// - group_delivery_receipts: one row per participant that received (or read) a group delivery,
//   so "delivered to n participants" is a count of distinct participants.
// - group_delivery_replies: messages in the group that quoted or mentioned a group delivery.
//   They are results of that delivery only: never replies to the campaign, never opt-outs.
export const migration0018: Migration = {
  version: 18,
  name: 'groups',
  up(db) {
    db.exec(`
      CREATE TABLE wa_groups (
        number_id  INTEGER NOT NULL REFERENCES numbers (id) ON DELETE CASCADE,
        jid        TEXT NOT NULL,
        subject    TEXT NOT NULL,
        size       INTEGER NOT NULL DEFAULT 0,
        is_admin   INTEGER NOT NULL DEFAULT 0,
        announce   INTEGER NOT NULL DEFAULT 0,
        community  INTEGER NOT NULL DEFAULT 0,
        seen_at    INTEGER NOT NULL,
        left_at    INTEGER,
        PRIMARY KEY (number_id, jid)
      ) WITHOUT ROWID;

      CREATE TABLE wa_group_refreshes (
        number_id    INTEGER PRIMARY KEY REFERENCES numbers (id) ON DELETE CASCADE,
        refreshed_at INTEGER NOT NULL
      );

      ALTER TABLE deliveries ADD COLUMN group_jid TEXT;
      CREATE UNIQUE INDEX deliveries_group ON deliveries (campaign_id, group_jid) WHERE group_jid IS NOT NULL;

      CREATE TABLE group_delivery_receipts (
        delivery_id  INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        participant  TEXT NOT NULL,
        delivered_at INTEGER NOT NULL,
        read_at      INTEGER,
        PRIMARY KEY (delivery_id, participant)
      ) WITHOUT ROWID;

      CREATE TABLE group_delivery_replies (
        delivery_id INTEGER NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        message_id  TEXT NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('quote', 'mention')),
        at          INTEGER NOT NULL,
        PRIMARY KEY (delivery_id, message_id)
      ) WITHOUT ROWID;
    `);
  },
};

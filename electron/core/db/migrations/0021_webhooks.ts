import type { Migration } from './types';

// Outbound webhooks (issue 19): the user's other systems (n8n, Make, Zapier) get events as JSON.
// - webhooks: a receiving URL, the events it wants (JSON array), whether phones and texts go out
//   (include_contact), its signing secret sealed by the secret box, on/off.
// - webhook_outbox: filled by triggers where the events happen (a reply, an opt-out, a closed deal,
//   a campaign's end, a delivery's new state), so no sending code has to remember to call us and
//   a crash between the event and the hand-off loses nothing. The triggers do nothing while no
//   webhook is on (delivery states only while one wants them: the send loop's hot path).
// - webhook_deliveries: one per event and webhook, with the payload built once (at-least-once, the
//   event id is the receiver's dedup key), attempts, the next try and the last answer (the log).
// - webhook_cursor: the last outbox row fanned out into deliveries.
export const migration0021: Migration = {
  version: 21,
  name: 'webhooks',
  up(db) {
    db.exec(`
      CREATE TABLE webhooks (
        id              INTEGER PRIMARY KEY,
        url             TEXT NOT NULL,
        events          TEXT NOT NULL,
        include_contact INTEGER NOT NULL DEFAULT 0,
        secret          BLOB NOT NULL,
        enabled         INTEGER NOT NULL DEFAULT 1,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );

      CREATE TABLE webhook_outbox (
        id     INTEGER PRIMARY KEY,
        event  TEXT NOT NULL,
        ref_id INTEGER NOT NULL,
        state  TEXT,
        at     INTEGER NOT NULL
      );

      CREATE TABLE webhook_cursor (
        id      INTEGER PRIMARY KEY CHECK (id = 1),
        last_id INTEGER NOT NULL
      );
      INSERT INTO webhook_cursor (id, last_id) VALUES (1, 0);

      CREATE TABLE webhook_deliveries (
        id           INTEGER PRIMARY KEY,
        webhook_id   INTEGER NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_id     TEXT NOT NULL,
        event        TEXT NOT NULL,
        payload      TEXT NOT NULL,
        state        TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
        attempts     INTEGER NOT NULL DEFAULT 0,
        next_at      INTEGER NOT NULL,
        last_status  INTEGER,
        last_error   TEXT,
        created_at   INTEGER NOT NULL,
        delivered_at INTEGER,
        UNIQUE (webhook_id, event_id)
      );
      CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
      CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, id);

      CREATE TRIGGER webhook_reply AFTER INSERT ON inbound_messages
      WHEN EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
      BEGIN
        INSERT INTO webhook_outbox (event, ref_id, at) VALUES ('reply.received', NEW.id, NEW.at);
      END;
      CREATE TRIGGER webhook_opt_out AFTER INSERT ON opt_out_events
      WHEN EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
      BEGIN
        INSERT INTO webhook_outbox (event, ref_id, at) VALUES ('contact.opted_out', NEW.id, NEW.at);
      END;
      CREATE TRIGGER webhook_deal AFTER INSERT ON deals
      WHEN NEW.delta = 1 AND EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
      BEGIN
        INSERT INTO webhook_outbox (event, ref_id, at) VALUES ('deal.closed', NEW.id, NEW.at);
      END;
      CREATE TRIGGER webhook_campaign_end AFTER UPDATE OF status ON campaigns
      WHEN NEW.status IN ('finished', 'cancelled') AND OLD.status <> NEW.status AND EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1)
      BEGIN
        INSERT INTO webhook_outbox (event, ref_id, state, at) VALUES ('campaign.finished', NEW.id, NEW.status, CAST(unixepoch('subsec') * 1000 AS INTEGER));
      END;
      CREATE TRIGGER webhook_delivery_state AFTER UPDATE OF state ON deliveries
      WHEN NEW.state IN ('delivered', 'read', 'failed') AND OLD.state <> NEW.state
        AND EXISTS (SELECT 1 FROM webhooks WHERE enabled = 1 AND events LIKE '%"delivery.status"%')
      BEGIN
        INSERT INTO webhook_outbox (event, ref_id, state, at) VALUES ('delivery.status', NEW.id, NEW.state, CAST(unixepoch('subsec') * 1000 AS INTEGER));
      END;
    `);
  },
};

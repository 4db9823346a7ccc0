/** The Cloud API tables (migration 0016): accounts, sent messages, windows, media, templates, settings. */
import type { Db } from '../../db/open';
import { DEFAULT_RATE_TABLE, type RateTable } from '../../../../shared/cloud/pricing';
import { GRAPH_API_VERSION, isGraphVersion } from './graph-config';
import type { PhoneNumberInfo, RawTemplate } from './graph-client';

export interface CloudAccountRow {
  number_id: number;
  phone_number_id: string;
  waba_id: string;
  display_phone: string | null;
  verified_name: string | null;
  name_status: string | null;
  quality_rating: string | null;
  messaging_limit: string | null;
  throughput_level: string | null;
  checked_at: number | null;
  mailbox_id: string | null;
  webhook_url: string | null;
  verify_token: string | null;
  relay_cursor: number;
  relay_error: string | null;
  last_event_at: number | null;
  forged: number;
  created_at: number;
  updated_at: number;
}

export interface CloudTemplateRow {
  number_id: number;
  template_id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  rejected_reason: string | null;
  parameter_format: string | null;
  components: string;
  submitted_here: number;
  updated_at: number;
}

export interface SentRecord {
  messageId: string;
  wamid: string;
  numberId: number;
  campaignId: number | null;
  phoneKey: string;
  kind: 'template' | 'text';
  templateName: string | null;
  category: string | null;
  fallback: boolean;
  sentAt: number;
}

export const DAY_MS = 86_400_000;

/** Secret names of a Cloud number's credentials (sealed in `secrets`). */
export const tokenSecret = (numberId: number) => `cloud/token/${numberId}`;
export const appSecretSecret = (numberId: number) => `cloud/app-secret/${numberId}`;

/** TIER_250 → 250 … TIER_UNLIMITED → Infinity; null when unknown. */
export function messagingLimitOf(tier: string | null): number | null {
  if (!tier) return null;
  const t = tier.toUpperCase();
  if (t.includes('UNLIMITED')) return Infinity;
  const m = /(\d+)\s*(K)?/.exec(t);
  if (!m) return null;
  return Number(m[1]) * (m[2] ? 1000 : 1);
}

export class CloudStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  // ---------------------------------------------------------------- accounts

  account(numberId: number): CloudAccountRow | undefined {
    return this.db.prepare<[number], CloudAccountRow>('SELECT * FROM cloud_accounts WHERE number_id = ?').get(numberId);
  }

  accounts(): CloudAccountRow[] {
    return this.db.prepare<[], CloudAccountRow>('SELECT a.* FROM cloud_accounts a JOIN numbers n ON n.id = a.number_id ORDER BY a.number_id').all();
  }

  byPhoneNumberId(phoneNumberId: string): CloudAccountRow | undefined {
    return this.db.prepare<[string], CloudAccountRow>('SELECT * FROM cloud_accounts WHERE phone_number_id = ?').get(phoneNumberId);
  }

  insertAccount(numberId: number, ids: { phoneNumberId: string; wabaId: string }, info: PhoneNumberInfo): void {
    const t = this.now();
    this.db
      .prepare(
        `INSERT INTO cloud_accounts (number_id, phone_number_id, waba_id, display_phone, verified_name, name_status, quality_rating, messaging_limit, throughput_level, checked_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(numberId, ids.phoneNumberId, ids.wabaId, info.displayPhoneNumber, info.verifiedName, info.nameStatus, info.qualityRating, info.messagingLimit, info.throughputLevel, t, t, t);
  }

  saveInfo(numberId: number, info: PhoneNumberInfo): void {
    this.db
      .prepare(
        `UPDATE cloud_accounts SET display_phone = ?, verified_name = ?, name_status = ?, quality_rating = ?, messaging_limit = ?, throughput_level = ?, checked_at = ?, updated_at = ? WHERE number_id = ?`,
      )
      .run(info.displayPhoneNumber, info.verifiedName, info.nameStatus, info.qualityRating, info.messagingLimit, info.throughputLevel, this.now(), this.now(), numberId);
  }

  setQuality(numberId: number, rating: string): void {
    this.db.prepare('UPDATE cloud_accounts SET quality_rating = ?, updated_at = ? WHERE number_id = ?').run(rating, this.now(), numberId);
  }

  setMailbox(numberId: number, m: { mailboxId: string; webhookUrl: string; verifyToken: string }): void {
    this.db
      .prepare('UPDATE cloud_accounts SET mailbox_id = ?, webhook_url = ?, verify_token = ?, relay_cursor = 0, relay_error = NULL, updated_at = ? WHERE number_id = ?')
      .run(m.mailboxId, m.webhookUrl, m.verifyToken, this.now(), numberId);
  }

  setRelayState(numberId: number, s: { cursor?: number; error?: string | null; eventAt?: number }): void {
    const row = this.account(numberId);
    if (!row) return;
    this.db
      .prepare('UPDATE cloud_accounts SET relay_cursor = ?, relay_error = ?, last_event_at = ?, updated_at = ? WHERE number_id = ?')
      .run(s.cursor ?? row.relay_cursor, s.error === undefined ? row.relay_error : s.error, s.eventAt ?? row.last_event_at, this.now(), numberId);
  }

  bumpForged(numberId: number, n: number): void {
    this.db.prepare('UPDATE cloud_accounts SET forged = forged + ? WHERE number_id = ?').run(n, numberId);
  }

  // ---------------------------------------------------------------- messages

  recordSent(r: SentRecord): void {
    this.db
      .prepare(
        `INSERT OR IGNORE INTO cloud_messages (message_id, wamid, number_id, campaign_id, phone_key, kind, template_name, category, fallback, sent_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(r.messageId, r.wamid, r.numberId, r.campaignId, r.phoneKey, r.kind, r.templateName, r.category, r.fallback ? 1 : 0, r.sentAt);
  }

  /** Recado's id of a message Meta calls `wamid` (null when it was not sent from here). */
  messageIdOf(wamid: string): string | null {
    return this.db.prepare<[string], { message_id: string }>('SELECT message_id FROM cloud_messages WHERE wamid = ?').get(wamid)?.message_id ?? null;
  }

  /** Records what a status webhook's pricing says, once per message. True when it changed. */
  bill(messageId: string, b: { category: string | null; type: string | null; brl: number; at: number }): boolean {
    return (
      this.db
        .prepare('UPDATE cloud_messages SET billed_category = ?, billed_type = ?, billed_brl = ?, billed_at = ? WHERE message_id = ? AND billed_at IS NULL')
        .run(b.category, b.type, b.brl, b.at, messageId).changes > 0
    );
  }

  /** People a WABA's numbers sent templates to in the last 24 h (its messaging limit counts them). */
  recipients24h(wabaId: string, now = this.now()): number {
    return (
      this.db
        .prepare<[string, number], { n: number }>(
          `SELECT count(DISTINCT m.phone_key) AS n FROM cloud_messages m JOIN cloud_accounts a ON a.number_id = m.number_id
           WHERE a.waba_id = ? AND m.kind = 'template' AND m.sent_at > ?`,
        )
        .get(wabaId, now - DAY_MS)?.n ?? 0
    );
  }

  sentTo24h(wabaId: string, phoneKey: string, now = this.now()): boolean {
    return (
      this.db
        .prepare(
          `SELECT 1 FROM cloud_messages m JOIN cloud_accounts a ON a.number_id = m.number_id
           WHERE a.waba_id = ? AND m.phone_key = ? AND m.kind = 'template' AND m.sent_at > ? LIMIT 1`,
        )
        .get(wabaId, phoneKey, now - DAY_MS) !== undefined
    );
  }

  /** When the oldest of the last 24 h's template recipients stops counting. */
  limitFreesAt(wabaId: string, now = this.now()): number | null {
    const oldest = this.db
      .prepare<[string, number], { t: number | null }>(
        `SELECT min(m.sent_at) AS t FROM cloud_messages m JOIN cloud_accounts a ON a.number_id = m.number_id WHERE a.waba_id = ? AND m.kind = 'template' AND m.sent_at > ?`,
      )
      .get(wabaId, now - DAY_MS)?.t;
    return oldest ? oldest + DAY_MS : null;
  }

  // ---------------------------------------------------------------- 24-hour windows

  touchWindow(numberId: number, phoneKey: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO cloud_windows (number_id, phone_key, last_inbound_at) VALUES (?, ?, ?)
         ON CONFLICT (number_id, phone_key) DO UPDATE SET last_inbound_at = max(last_inbound_at, excluded.last_inbound_at)`,
      )
      .run(numberId, phoneKey, at);
  }

  /**
   * Meta said the window is closed (131047) for a message sent at `sentAt`: forget the window
   * Recado saw, unless the contact wrote again after that send (which opened a new one).
   */
  closeWindow(numberId: number, phoneKey: string, sentAt: number): void {
    this.db.prepare('DELETE FROM cloud_windows WHERE number_id = ? AND phone_key = ? AND last_inbound_at <= ?').run(numberId, phoneKey, sentAt);
  }

  /** {@link closeWindow} for a message Meta accepted and then failed with 131047. */
  closeWindowOf(messageId: string): void {
    const m = this.db.prepare<[string], { number_id: number | null; phone_key: string | null; sent_at: number }>('SELECT number_id, phone_key, sent_at FROM cloud_messages WHERE message_id = ?').get(messageId);
    if (m?.number_id && m.phone_key) this.closeWindow(m.number_id, m.phone_key, m.sent_at);
  }

  /** The end of the contact's customer service window on this number, or null when closed. */
  windowEndsAt(numberId: number, phoneKey: string, now = this.now()): number | null {
    const at = this.db.prepare<[number, string], { t: number }>('SELECT last_inbound_at AS t FROM cloud_windows WHERE number_id = ? AND phone_key = ?').get(numberId, phoneKey)?.t;
    return at !== undefined && at + DAY_MS > now ? at + DAY_MS : null;
  }

  // ---------------------------------------------------------------- media

  /** A media id still safe to reuse (Meta keeps uploads 30 days; we stop a day earlier). */
  media(numberId: number, sha256: string, now = this.now()): string | null {
    const row = this.db.prepare<[number, string], { media_id: string; uploaded_at: number }>('SELECT media_id, uploaded_at FROM cloud_media WHERE number_id = ? AND sha256 = ?').get(numberId, sha256);
    return row && now - row.uploaded_at < 29 * DAY_MS ? row.media_id : null;
  }

  saveMedia(numberId: number, sha256: string, mediaId: string): void {
    this.db
      .prepare('INSERT INTO cloud_media (number_id, sha256, media_id, uploaded_at) VALUES (?, ?, ?, ?) ON CONFLICT (number_id, sha256) DO UPDATE SET media_id = excluded.media_id, uploaded_at = excluded.uploaded_at')
      .run(numberId, sha256, mediaId, this.now());
  }

  forgetMedia(numberId: number): void {
    this.db.prepare('DELETE FROM cloud_media WHERE number_id = ?').run(numberId);
  }

  // ---------------------------------------------------------------- templates

  /** Replaces the cached listing of a number (templates submitted here and not listed yet stay). */
  saveTemplates(numberId: number, list: RawTemplate[]): void {
    const t = this.now();
    this.db.transaction(() => {
      const seen = new Set(list.map((x) => String(x.id)));
      for (const row of this.templates(numberId)) {
        if (!seen.has(row.template_id) && !(row.submitted_here && row.status === 'PENDING')) {
          this.db.prepare('DELETE FROM cloud_templates WHERE number_id = ? AND template_id = ?').run(numberId, row.template_id);
        }
      }
      for (const x of list) this.upsertTemplate(numberId, x, false);
      this.db.prepare('INSERT INTO cloud_template_sync (number_id, synced_at) VALUES (?, ?) ON CONFLICT (number_id) DO UPDATE SET synced_at = excluded.synced_at').run(numberId, t);
    })();
  }

  upsertTemplate(numberId: number, x: RawTemplate, submittedHere: boolean): void {
    this.db
      .prepare(
        `INSERT INTO cloud_templates (number_id, template_id, name, language, category, status, rejected_reason, parameter_format, components, submitted_here, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (number_id, template_id) DO UPDATE SET name = excluded.name, language = excluded.language, category = excluded.category, status = excluded.status,
           rejected_reason = excluded.rejected_reason, parameter_format = excluded.parameter_format, components = excluded.components, updated_at = excluded.updated_at,
           submitted_here = max(submitted_here, excluded.submitted_here)`,
      )
      .run(
        numberId,
        String(x.id),
        x.name,
        x.language,
        String(x.category ?? '').toUpperCase(),
        String(x.status ?? '').toUpperCase(),
        x.rejected_reason && x.rejected_reason !== 'NONE' ? x.rejected_reason : null,
        x.parameter_format ?? null,
        JSON.stringify(x.components ?? []),
        submittedHere ? 1 : 0,
        this.now(),
      );
  }

  setTemplateStatus(templateId: string, status: string, reason: string | null): number[] {
    const rows = this.db.prepare<[string], { number_id: number }>('SELECT number_id FROM cloud_templates WHERE template_id = ?').all(templateId);
    this.db
      .prepare('UPDATE cloud_templates SET status = ?, rejected_reason = ?, updated_at = ? WHERE template_id = ?')
      .run(status, reason && reason !== 'NONE' ? reason : null, this.now(), templateId);
    return rows.map((r) => r.number_id);
  }

  templates(numberId: number): CloudTemplateRow[] {
    return this.db.prepare<[number], CloudTemplateRow>('SELECT * FROM cloud_templates WHERE number_id = ? ORDER BY name, language').all(numberId);
  }

  template(numberId: number, templateId: string): CloudTemplateRow | undefined {
    return this.db.prepare<[number, string], CloudTemplateRow>('SELECT * FROM cloud_templates WHERE number_id = ? AND template_id = ?').get(numberId, templateId);
  }

  syncedAt(numberId: number): number | null {
    return this.db.prepare<[number], { synced_at: number }>('SELECT synced_at FROM cloud_template_sync WHERE number_id = ?').get(numberId)?.synced_at ?? null;
  }

  // ---------------------------------------------------------------- applied webhook events

  /** True the first time a key is seen (then the event is applied); false for a repeat. */
  firstTime(key: string): boolean {
    return this.db.prepare('INSERT OR IGNORE INTO cloud_events_applied (key, applied_at) VALUES (?, ?)').run(key, this.now()).changes > 0;
  }

  /** Keys older than the relay keeps events (7 days) plus a margin can go. */
  pruneApplied(olderThanMs = 14 * DAY_MS): void {
    this.db.prepare('DELETE FROM cloud_events_applied WHERE applied_at < ?').run(this.now() - olderThanMs);
  }

  // ---------------------------------------------------------------- settings

  settings(): { rateTable: RateTable; graphVersion: string } {
    const row = this.db.prepare<[], { rate_table: string | null; graph_version: string | null }>('SELECT rate_table, graph_version FROM cloud_settings WHERE id = 1').get();
    let rateTable: RateTable = DEFAULT_RATE_TABLE;
    if (row?.rate_table) {
      try {
        const parsed = JSON.parse(row.rate_table) as RateTable;
        rateTable = { ...DEFAULT_RATE_TABLE, ...parsed, rates: { ...DEFAULT_RATE_TABLE.rates, ...parsed.rates } };
      } catch {
        // A damaged row falls back to the defaults.
      }
    }
    const graphVersion = row?.graph_version && isGraphVersion(row.graph_version) ? row.graph_version : GRAPH_API_VERSION;
    return { rateTable, graphVersion };
  }

  saveSettings(patch: { rateTable?: RateTable | null; graphVersion?: string | null }): void {
    const t = this.now();
    this.db.prepare('INSERT OR IGNORE INTO cloud_settings (id, updated_at) VALUES (1, ?)').run(t);
    if (patch.rateTable !== undefined) this.db.prepare('UPDATE cloud_settings SET rate_table = ?, updated_at = ? WHERE id = 1').run(patch.rateTable ? JSON.stringify(patch.rateTable) : null, t);
    if (patch.graphVersion !== undefined) this.db.prepare('UPDATE cloud_settings SET graph_version = ?, updated_at = ? WHERE id = 1').run(patch.graphVersion, t);
  }

  // ---------------------------------------------------------------- campaign cost

  /** Messages Meta billed between two instants (status webhooks' `pricing`), campaigns and replies alike. */
  billedBetween(from: number, to: number): { billed: number; brl: number } {
    const r = this.db
      .prepare<[number, number], { n: number; brl: number }>('SELECT count(*) AS n, coalesce(sum(billed_brl), 0) AS brl FROM cloud_messages WHERE billed_at >= ? AND billed_at < ? AND billed_brl > 0')
      .get(from, to) ?? { n: 0, brl: 0 };
    return { billed: r.n, brl: Math.round(r.brl * 100) / 100 };
  }

  /** Billed messages and their cost for a campaign, by category. */
  campaignCost(campaignId: number): { sent: number; billed: number; brl: number; byCategory: Record<string, { billed: number; brl: number }>; fallback: number } {
    const rows = this.db
      .prepare<[number], { category: string | null; n: number; brl: number }>(
        `SELECT billed_category AS category, count(*) AS n, coalesce(sum(billed_brl), 0) AS brl FROM cloud_messages WHERE campaign_id = ? AND billed_at IS NOT NULL AND billed_brl > 0 GROUP BY billed_category`,
      )
      .all(campaignId);
    const totals = this.db
      .prepare<[number], { sent: number; fallback: number }>('SELECT count(*) AS sent, coalesce(sum(fallback), 0) AS fallback FROM cloud_messages WHERE campaign_id = ?')
      .get(campaignId) ?? { sent: 0, fallback: 0 };
    const byCategory: Record<string, { billed: number; brl: number }> = {};
    let billed = 0;
    let brl = 0;
    for (const r of rows) {
      byCategory[r.category ?? 'unknown'] = { billed: r.n, brl: Math.round(r.brl * 100) / 100 };
      billed += r.n;
      brl += r.brl;
    }
    return { sent: totals.sent, billed, brl: Math.round(brl * 100) / 100, byCategory, fallback: totals.fallback };
  }
}

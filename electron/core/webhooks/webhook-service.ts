/**
 * Outbound webhooks: fans the outbox (filled by triggers, migration 0021) out into one delivery
 * per webhook, and posts due deliveries with their signature. At least once: a delivery is marked
 * delivered only on a 2xx; the event id (`evt_<outbox id>`, the same on every retry) lets the
 * receiver drop repeats. Retries back off exponentially (30 s doubling, at most 1 h apart) for a
 * day, then the delivery is marked failed and stays in the log.
 */
import { ApiError } from '../../../shared/api/errors';
import { webhookEvents, type WebhookDelivery, type WebhookEvent, type WebhookView } from '../../../shared/api/methods/webhooks';
import type { Db } from '../db/open';
import type { Logger } from '../log/logger';
import type { SecretBox } from '../secrets/secret-box';
import { buildEventData, type OutboxRow } from './payloads';
import { newSecret, SIGNATURE_HEADER, signBody } from './signature';

export interface WebhookServiceOptions {
  db: Db;
  secretBox: SecretBox;
  logger: Logger;
  now?: () => number;
  /** How often due work is looked for while a webhook is on (ms). */
  tickMs?: number;
  timeoutMs?: number;
  retry?: { firstMs: number; maxMs: number; giveUpAfterMs: number };
  onChange?: (webhookId: number | null) => void;
  userAgent?: string;
}

interface WebhookRow {
  id: number;
  url: string;
  events: string;
  include_contact: number;
  secret: Buffer;
  enabled: number;
  created_at: number;
}

interface DeliveryRow {
  id: number;
  webhook_id: number;
  event_id: string;
  event: string;
  payload: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_at: number;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

const DEFAULT_RETRY = { firstMs: 30_000, maxMs: 60 * 60_000, giveUpAfterMs: 24 * 60 * 60_000 };
const FAN_OUT_BATCH = 500;
const SEND_BATCH = 20;

export class WebhookService {
  private readonly db: Db;
  private readonly now: () => number;
  private readonly retry: typeof DEFAULT_RETRY;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly opts: WebhookServiceOptions) {
    this.db = opts.db;
    this.now = opts.now ?? Date.now;
    this.retry = opts.retry ?? DEFAULT_RETRY;
  }

  /** Starts the clock when a webhook is on (one timer; none at all otherwise). */
  start(): void {
    this.schedule();
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.running ?? Promise.resolve();
  }

  list(): WebhookView[] {
    return this.db.prepare<[], WebhookRow>('SELECT * FROM webhooks ORDER BY id').all().map((r) => this.view(r));
  }

  create(input: { url: string; events: WebhookEvent[]; includeContact: boolean; enabled?: boolean }): { webhook: WebhookView; secret: string } {
    const secret = newSecret();
    const at = this.now();
    const id = Number(
      this.db
        .prepare('INSERT INTO webhooks (url, events, include_contact, secret, enabled, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(input.url, JSON.stringify(uniqueEvents(input.events)), input.includeContact ? 1 : 0, this.opts.secretBox.seal(secret), input.enabled === false ? 0 : 1, at, at).lastInsertRowid,
    );
    this.opts.logger.info({ webhookId: id, events: input.events.length }, 'webhook added');
    this.schedule();
    this.opts.onChange?.(id);
    return { webhook: this.view(this.row(id)), secret };
  }

  update(id: number, patch: { url?: string; events?: WebhookEvent[]; includeContact?: boolean; enabled?: boolean }): WebhookView {
    const row = this.row(id);
    this.db
      .prepare('UPDATE webhooks SET url = ?, events = ?, include_contact = ?, enabled = ?, updated_at = ? WHERE id = ?')
      .run(
        patch.url ?? row.url,
        patch.events ? JSON.stringify(uniqueEvents(patch.events)) : row.events,
        patch.includeContact === undefined ? row.include_contact : patch.includeContact ? 1 : 0,
        patch.enabled === undefined ? row.enabled : patch.enabled ? 1 : 0,
        this.now(),
        id,
      );
    this.schedule();
    this.opts.onChange?.(id);
    return this.view(this.row(id));
  }

  remove(id: number): { removed: boolean } {
    const removed = this.db.prepare('DELETE FROM webhooks WHERE id = ?').run(id).changes > 0;
    if (removed) this.opts.logger.info({ webhookId: id }, 'webhook removed');
    this.schedule();
    this.opts.onChange?.(id);
    return { removed };
  }

  deliveries(id: number, limit: number): WebhookDelivery[] {
    this.row(id);
    return this.db
      .prepare<[number, number], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT ?')
      .all(id, limit)
      .map((d) => ({
        id: d.id,
        eventId: d.event_id,
        event: d.event,
        state: d.state,
        attempts: d.attempts,
        nextAt: d.state === 'pending' ? d.next_at : null,
        lastStatus: d.last_status,
        lastError: d.last_error,
        createdAt: d.created_at,
        deliveredAt: d.delivered_at,
      }));
  }

  /** A "webhook.test" event, sent now (and logged like any other). */
  async test(id: number): Promise<{ ok: boolean; status: number | null; error: string | null; eventId: string }> {
    const hook = this.row(id);
    const at = this.now();
    const eventId = `evt_test_${at.toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
    const payload = JSON.stringify({ id: eventId, type: 'webhook.test', createdAt: new Date(at).toISOString(), data: { message: 'Teste do Recado: se você está vendo isto, o webhook funciona.' } });
    const deliveryId = Number(
      this.db
        .prepare('INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(hook.id, eventId, 'webhook.test', payload, Number.MAX_SAFE_INTEGER, at).lastInsertRowid,
    );
    const out = await this.post(hook, this.db.prepare<[number], DeliveryRow>('SELECT * FROM webhook_deliveries WHERE id = ?').get(deliveryId)!, { retry: false });
    this.opts.onChange?.(id);
    return { ...out, eventId };
  }

  /** One round: fan new events out, then post what is due. Safe to call at any time. */
  tick(): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      try {
        this.fanOut();
        await this.sendDue();
      } catch (err) {
        this.opts.logger.warn({ err }, 'webhook round failed');
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  private fanOut(): void {
    this.db.transaction(() => {
      const cursor = this.db.prepare<[], { last_id: number }>('SELECT last_id FROM webhook_cursor WHERE id = 1').get()?.last_id ?? 0;
      const rows = this.db.prepare<[number, number], OutboxRow>('SELECT * FROM webhook_outbox WHERE id > ? ORDER BY id LIMIT ?').all(cursor, FAN_OUT_BATCH);
      if (rows.length === 0) return;
      const hooks = this.db
        .prepare<[], WebhookRow>('SELECT * FROM webhooks WHERE enabled = 1')
        .all()
        .map((h) => ({ ...h, wanted: new Set(JSON.parse(h.events) as string[]) }));
      const insert = this.db.prepare('INSERT OR IGNORE INTO webhook_deliveries (webhook_id, event_id, event, payload, next_at, created_at) VALUES (?, ?, ?, ?, ?, ?)');
      const at = this.now();
      for (const row of rows) {
        for (const hook of hooks) {
          if (!hook.wanted.has(row.event)) continue;
          const data = buildEventData(this.db, row, hook.include_contact === 1);
          if (!data) continue;
          const eventId = `evt_${row.id}`;
          insert.run(hook.id, eventId, row.event, JSON.stringify({ id: eventId, type: row.event, createdAt: new Date(row.at).toISOString(), data }), at, at);
        }
      }
      const last = rows[rows.length - 1]!.id;
      this.db.prepare('UPDATE webhook_cursor SET last_id = ? WHERE id = 1').run(last);
      // The outbox only feeds the fan-out; the deliveries keep what was sent.
      this.db.prepare('DELETE FROM webhook_outbox WHERE id <= ?').run(last);
    })();
  }

  private async sendDue(): Promise<void> {
    const due = this.db
      .prepare<[number, number], DeliveryRow>(`SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?`)
      .all(this.now(), SEND_BATCH);
    const hooks = new Map<number, WebhookRow | undefined>();
    for (const d of due) {
      if (this.closed) return;
      if (!hooks.has(d.webhook_id)) hooks.set(d.webhook_id, this.db.prepare<[number], WebhookRow>('SELECT * FROM webhooks WHERE id = ?').get(d.webhook_id));
      const hook = hooks.get(d.webhook_id);
      if (!hook || hook.enabled !== 1) continue;
      await this.post(hook, d, { retry: true });
    }
    if (due.length) this.opts.onChange?.(null);
  }

  private async post(hook: WebhookRow, d: DeliveryRow, o: { retry: boolean }): Promise<{ ok: boolean; status: number | null; error: string | null }> {
    let secret: string;
    try {
      secret = this.opts.secretBox.open(hook.secret).toString('utf8');
    } catch {
      return this.settle(d, false, null, 'O segredo deste webhook não pôde ser lido neste computador. Remova o webhook e crie de novo.', false);
    }
    const at = this.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': this.opts.userAgent ?? 'Recado-Webhooks/1',
          [SIGNATURE_HEADER]: signBody(secret, d.payload, Math.floor(at / 1000)),
          'x-recado-event': d.event,
          'x-recado-event-id': d.event_id,
          'x-recado-attempt': String(d.attempts + 1),
        },
        body: d.payload,
        redirect: 'error',
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
      status = res.status;
      await res.body?.cancel();
      if (res.ok) return this.settle(d, true, status, null, o.retry);
      error = `O destino respondeu ${status}.`;
    } catch (err) {
      error = describeFetchError(err);
    }
    // Only ids and codes in the log: payloads may carry phones and texts.
    this.opts.logger.info({ webhookId: hook.id, eventId: d.event_id, status, attempt: d.attempts + 1 }, 'webhook delivery failed');
    return this.settle(d, false, status, error, o.retry);
  }

  private settle(d: DeliveryRow, ok: boolean, status: number | null, error: string | null, retry: boolean): { ok: boolean; status: number | null; error: string | null } {
    const at = this.now();
    const attempts = d.attempts + 1;
    if (ok) {
      this.db.prepare(`UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, last_status = ?, last_error = NULL, delivered_at = ? WHERE id = ?`).run(attempts, status, at, d.id);
    } else if (retry && at - d.created_at < this.retry.giveUpAfterMs) {
      const wait = Math.min(this.retry.maxMs, this.retry.firstMs * 2 ** (attempts - 1)) * (0.8 + Math.random() * 0.4);
      this.db.prepare('UPDATE webhook_deliveries SET attempts = ?, last_status = ?, last_error = ?, next_at = ? WHERE id = ?').run(attempts, status, error, Math.round(at + wait), d.id);
    } else {
      this.db.prepare(`UPDATE webhook_deliveries SET state = 'failed', attempts = ?, last_status = ?, last_error = ? WHERE id = ?`).run(attempts, status, error, d.id);
    }
    return { ok, status, error };
  }

  private schedule(): void {
    if (this.closed) return;
    const on = this.db.prepare("SELECT 1 FROM webhooks WHERE enabled = 1 LIMIT 1").get() !== undefined;
    const pending = this.db.prepare("SELECT 1 FROM webhook_deliveries WHERE state = 'pending' LIMIT 1").get() !== undefined;
    if ((on || pending) && !this.timer) {
      this.timer = setInterval(() => void this.tick(), this.opts.tickMs ?? 2_000);
      this.timer.unref?.();
    } else if (!on && !pending && this.timer) {
      clearInterval(this.timer);
      this.timer = null;
    }
  }

  private row(id: number): WebhookRow {
    const row = this.db.prepare<[number], WebhookRow>('SELECT * FROM webhooks WHERE id = ?').get(id);
    if (!row) throw new ApiError('webhooks.not_found', 'Este webhook não existe mais. Atualize a página.');
    return row;
  }

  private view(r: WebhookRow): WebhookView {
    const last = this.db
      .prepare<[number], { state: 'pending' | 'delivered' | 'failed'; created_at: number; delivered_at: number | null; last_status: number | null; last_error: string | null }>(
        'SELECT state, created_at, delivered_at, last_status, last_error FROM webhook_deliveries WHERE webhook_id = ? ORDER BY id DESC LIMIT 1',
      )
      .get(r.id);
    const pending = this.db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM webhook_deliveries WHERE webhook_id = ? AND state = 'pending'").get(r.id)?.n ?? 0;
    return {
      id: r.id,
      url: r.url,
      events: (JSON.parse(r.events) as string[]).filter((e): e is WebhookEvent => (webhookEvents as readonly string[]).includes(e)),
      includeContact: r.include_contact === 1,
      enabled: r.enabled === 1,
      createdAt: r.created_at,
      last: last ? { state: last.state, at: last.delivered_at ?? last.created_at, status: last.last_status, error: last.last_error } : null,
      pending,
    };
  }
}

function uniqueEvents(events: WebhookEvent[]): WebhookEvent[] {
  return webhookEvents.filter((e) => events.includes(e));
}

function describeFetchError(err: unknown): string {
  const e = err as { name?: string; cause?: { code?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return 'O destino não respondeu a tempo.';
  const code = e?.cause?.code;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'Endereço não encontrado (confira a URL e a internet).';
  if (code === 'ECONNREFUSED') return 'O destino recusou a conexão (o servidor está ligado?).';
  return 'Não foi possível entregar (sem conexão com o destino).';
}

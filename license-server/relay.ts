// Webhook relay for the WhatsApp Cloud API (issue 21). Meta posts webhooks only to a public HTTPS
// URL, which a customer's PC does not have; the seller's license server does. Each Cloud number
// gets a mailbox with an unguessable URL the user pastes in Meta's dashboard:
//
//   GET  /relay/hook/{hookId}?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…  Meta's check
//   POST /relay/hook/{hookId}            Meta's webhook: raw body + X-Hub-Signature-256 stored, 200
//   POST /relay/mailboxes                (app, license token) a new mailbox
//   GET  /relay/mailboxes/{id}/events?after&wait&limit   (app) long poll
//   POST /relay/mailboxes/{id}/ack {upTo}                (app) the events it applied
//
// The relay never checks signatures (the app secret stays on the PC); the app does. Bodies are
// stored before the 200 goes back (a restart loses nothing Meta was told arrived), mailboxes are
// bounded (events, bytes, 7-day retention, posts per minute: a full mailbox answers 429 and Meta
// retries later), and nothing here logs content, phone numbers or tokens.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { Logger } from './config';
import type { Db } from './db';
import { ServiceError, type LicenseService } from './licenses';

export interface RelayLimits {
  /** Mailboxes one license may hold (one per Cloud number). */
  mailboxesPerLicense: number;
  /** Unacknowledged events kept per mailbox. */
  eventsPerMailbox: number;
  /** Unacknowledged bytes kept per mailbox. */
  bytesPerMailbox: number;
  /** One webhook body. */
  bodyBytes: number;
  /** Events older than this are dropped even if never acknowledged. */
  retentionMs: number;
  /** Webhook posts accepted per mailbox per minute. */
  postsPerMinute: number;
  /** Longest long poll (s). */
  maxWaitSeconds: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = Object.freeze({
  mailboxesPerLicense: 10,
  eventsPerMailbox: 20_000,
  bytesPerMailbox: 50 * 1024 * 1024,
  bodyBytes: 1024 * 1024,
  retentionMs: 7 * 86_400_000,
  postsPerMinute: 1_200,
  maxWaitSeconds: 30,
});

const SCHEMA = `
CREATE TABLE IF NOT EXISTS relay_mailboxes (
  id            TEXT PRIMARY KEY,
  hook_id       TEXT NOT NULL UNIQUE,
  verify_token  TEXT NOT NULL,
  license_id    TEXT NOT NULL,
  label         TEXT,
  created_at    INTEGER NOT NULL,
  last_post_at  INTEGER,
  last_pull_at  INTEGER
);
CREATE INDEX IF NOT EXISTS relay_mailboxes_license ON relay_mailboxes (license_id);
CREATE TABLE IF NOT EXISTS relay_events (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  mailbox_id  TEXT NOT NULL REFERENCES relay_mailboxes (id) ON DELETE CASCADE,
  received_at INTEGER NOT NULL,
  signature   TEXT,
  body        BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS relay_events_mailbox ON relay_events (mailbox_id, id);
`;

export interface RelayOptions {
  db: Db;
  service: LicenseService;
  /** The public HTTPS address the webhook URLs are built on (LICENSE_PUBLIC_URL). */
  publicUrl: () => string;
  logger: Logger;
  now: () => number;
  limits?: Partial<RelayLimits>;
}

class RelayHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface MailboxRow {
  id: string;
  hook_id: string;
  verify_token: string;
  license_id: string;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class WebhookRelay {
  readonly limits: RelayLimits;
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly posts = new Map<string, number[]>();

  constructor(private readonly o: RelayOptions) {
    this.limits = { ...DEFAULT_RELAY_LIMITS, ...o.limits };
    o.db.exec(SCHEMA);
  }

  /** Handles every /relay/ request; answers JSON errors with a `relay.*` code and a pt-BR message. */
  handle(req: http.IncomingMessage, res: http.ServerResponse, path: string, url: URL): void {
    this.route(req, path, url)
      .then((r) => {
        if (typeof r.body === 'string') {
          res.writeHead(r.status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
          res.end(r.body);
        } else send(res, r.status, r.body);
      })
      .catch((err: unknown) => {
        if (err instanceof RelayHttpError) return send(res, err.status, { error: { code: err.code, message: err.message } });
        if (err instanceof ServiceError) return send(res, err.status === 403 ? 403 : 401, { error: { code: err.code, message: err.message } });
        this.o.logger.error({ path: path.split('/').slice(0, 3).join('/'), err: (err as Error)?.message }, 'relay request failed');
        send(res, 500, { error: { code: 'relay.server_error', message: 'Erro no relay de webhooks. Tente de novo em instantes.' } });
      });
  }

  /** Pending long polls end (server shutdown). */
  close(): void {
    for (const set of this.waiters.values()) for (const wake of set) wake();
    this.waiters.clear();
  }

  private async route(req: http.IncomingMessage, path: string, url: URL): Promise<{ status: number; body: unknown }> {
    const parts = path.split('/').filter(Boolean); // ['relay', …]
    if (parts[1] === 'hook' && parts.length === 3) {
      if (req.method === 'GET') return this.verifyHook(parts[2], url.searchParams);
      if (req.method === 'POST') return this.receive(parts[2], req);
      throw new RelayHttpError(405, 'relay.method', 'Use GET ou POST neste endereço.');
    }
    if (parts[1] !== 'mailboxes') throw new RelayHttpError(404, 'relay.not_found', 'Endereço do relay não encontrado.');
    const who = this.o.service.authenticate(bearer(req));
    if (parts.length === 2 && req.method === 'POST') {
      const body = parseJson(await readBody(req, 4096)) as { label?: unknown };
      return { status: 200, body: this.createMailbox(who.licenseId, typeof body.label === 'string' ? body.label.slice(0, 60) : null) };
    }
    const box = this.mailboxOf(parts[2] ?? '', who.licenseId);
    if (parts.length === 4 && parts[3] === 'events' && req.method === 'GET') return { status: 200, body: await this.events(box, url.searchParams, req) };
    if (parts.length === 4 && parts[3] === 'ack' && req.method === 'POST') {
      const body = parseJson(await readBody(req, 4096)) as { upTo?: unknown };
      if (typeof body.upTo !== 'number' || !Number.isInteger(body.upTo) || body.upTo < 0) throw new RelayHttpError(400, 'relay.bad_request', 'Informe upTo, o id do último evento aplicado.');
      const removed = this.o.db.prepare('DELETE FROM relay_events WHERE mailbox_id = ? AND id <= ?').run(box.id, body.upTo).changes;
      return { status: 200, body: { ok: true, removed } };
    }
    throw new RelayHttpError(404, 'relay.not_found', 'Endereço do relay não encontrado.');
  }

  private createMailbox(licenseId: string, label: string | null): { mailboxId: string; webhookUrl: string; verifyToken: string } {
    const count = (this.o.db.prepare('SELECT count(*) AS n FROM relay_mailboxes WHERE license_id = ?').get(licenseId) as { n: number }).n;
    if (count >= this.limits.mailboxesPerLicense) {
      throw new RelayHttpError(409, 'relay.too_many_mailboxes', `Esta licença já tem ${this.limits.mailboxesPerLicense} caixas de webhooks. Remova números da API oficial que não usa mais ou fale com o suporte.`);
    }
    const id = `mbx_${randomBytes(12).toString('hex')}`;
    const hookId = randomBytes(32).toString('base64url');
    const verifyToken = randomBytes(18).toString('base64url');
    this.o.db.prepare('INSERT INTO relay_mailboxes (id, hook_id, verify_token, license_id, label, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(id, hookId, verifyToken, licenseId, label, this.o.now());
    this.o.logger.info({ mailbox: id, license: licenseId }, 'relay mailbox created');
    return { mailboxId: id, webhookUrl: `${this.o.publicUrl().replace(/\/+$/, '')}/relay/hook/${hookId}`, verifyToken };
  }

  private hook(hookId: string): MailboxRow {
    const row = this.o.db.prepare<[string], MailboxRow>('SELECT id, hook_id, verify_token, license_id FROM relay_mailboxes WHERE hook_id = ?').get(hookId);
    if (!row) throw new RelayHttpError(404, 'relay.not_found', 'Caixa de webhooks não encontrada.');
    return row;
  }

  private mailboxOf(id: string, licenseId: string): MailboxRow {
    const row = this.o.db.prepare<[string], MailboxRow>('SELECT id, hook_id, verify_token, license_id FROM relay_mailboxes WHERE id = ?').get(id);
    // Another license's mailbox is "not found" too: ids are not confirmed to strangers.
    if (!row || row.license_id !== licenseId) throw new RelayHttpError(404, 'relay.not_found', 'Caixa de webhooks não encontrada. Crie de novo em Números → o número da API oficial.');
    return row;
  }

  /** Meta's subscription check: echo hub.challenge when the verify token matches. */
  private verifyHook(hookId: string, q: URLSearchParams): { status: number; body: unknown } {
    const box = this.hook(hookId);
    if (q.get('hub.mode') !== 'subscribe' || !sameText(q.get('hub.verify_token') ?? '', box.verify_token)) {
      throw new RelayHttpError(403, 'relay.verify_failed', 'Token de verificação diferente do mostrado no Recado.');
    }
    return { status: 200, body: (q.get('hub.challenge') ?? '').slice(0, 200) };
  }

  private async receive(hookId: string, req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
    const box = this.hook(hookId);
    const now = this.o.now();
    const recent = (this.posts.get(box.id) ?? []).filter((t) => now - t < 60_000);
    if (recent.length >= this.limits.postsPerMinute) throw new RelayHttpError(429, 'relay.rate_limited', 'Muitos webhooks em pouco tempo.');
    recent.push(now);
    this.posts.set(box.id, recent);
    const raw = await readRaw(req, this.limits.bodyBytes);
    const signature = typeof req.headers['x-hub-signature-256'] === 'string' ? req.headers['x-hub-signature-256'].slice(0, 200) : null;
    const stored = this.o.db.transaction(() => {
      this.purge(box.id, now);
      const use = this.o.db.prepare<[string], { n: number; bytes: number | null }>('SELECT count(*) AS n, sum(length(body)) AS bytes FROM relay_events WHERE mailbox_id = ?').get(box.id)!;
      // Full: refuse, so Meta keeps it and retries later (for up to 7 days), instead of dropping.
      if (use.n >= this.limits.eventsPerMailbox || (use.bytes ?? 0) + raw.length > this.limits.bytesPerMailbox) return false;
      this.o.db.prepare('INSERT INTO relay_events (mailbox_id, received_at, signature, body) VALUES (?, ?, ?, ?)').run(box.id, now, signature, raw);
      this.o.db.prepare('UPDATE relay_mailboxes SET last_post_at = ? WHERE id = ?').run(now, box.id);
      return true;
    })();
    if (!stored) {
      this.o.logger.warn({ mailbox: box.id }, 'relay mailbox full: webhook refused (Meta retries)');
      throw new RelayHttpError(429, 'relay.mailbox_full', 'Caixa de webhooks cheia: o Recado não busca os eventos há muito tempo.');
    }
    for (const wake of this.waiters.get(box.id) ?? []) wake();
    return { status: 200, body: { ok: true } };
  }

  private async events(box: MailboxRow, q: URLSearchParams, req: http.IncomingMessage): Promise<{ events: Array<{ id: number; receivedAt: number; signature: string | null; body: string }> }> {
    const after = Math.max(0, Number(q.get('after')) || 0);
    const limit = Math.min(500, Math.max(1, Number(q.get('limit')) || 100));
    const wait = Math.min(this.limits.maxWaitSeconds, Math.max(0, Number(q.get('wait')) || 0));
    const read = () => {
      this.purge(box.id, this.o.now());
      this.o.db.prepare('UPDATE relay_mailboxes SET last_pull_at = ? WHERE id = ?').run(this.o.now(), box.id);
      return this.o.db
        .prepare<[string, number, number], { id: number; received_at: number; signature: string | null; body: Buffer }>('SELECT id, received_at, signature, body FROM relay_events WHERE mailbox_id = ? AND id > ? ORDER BY id LIMIT ?')
        .all(box.id, after, limit)
        .map((r) => ({ id: r.id, receivedAt: r.received_at, signature: r.signature, body: Buffer.from(r.body).toString('base64') }));
    };
    let events = read();
    if (events.length || wait === 0) return { events };
    // Long poll: answer as soon as something arrives, or empty after `wait` seconds.
    await new Promise<void>((resolve) => {
      const set = this.waiters.get(box.id) ?? new Set<() => void>();
      this.waiters.set(box.id, set);
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        req.off('close', done);
        resolve();
      };
      const timer = setTimeout(done, wait * 1000);
      set.add(done);
      req.on('close', done);
    });
    events = read();
    return { events };
  }

  private purge(mailboxId: string, now: number): void {
    this.o.db.prepare('DELETE FROM relay_events WHERE mailbox_id = ? AND received_at < ?').run(mailboxId, now - this.limits.retentionMs);
  }
}

function bearer(req: http.IncomingMessage): string {
  const h = req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(h);
  if (!m) throw new RelayHttpError(401, 'relay.no_license', 'Ative uma licença para usar o relay de webhooks.');
  return m[1].trim();
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(text);
}

function readRaw(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => (over ? reject(new RelayHttpError(413, 'relay.too_large', 'Webhook grande demais.')) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

async function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return (await readRaw(req, limit)).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return text ? (JSON.parse(text) as unknown) : {};
  } catch {
    throw new RelayHttpError(400, 'relay.bad_request', 'O corpo do pedido não é um JSON válido.');
  }
}

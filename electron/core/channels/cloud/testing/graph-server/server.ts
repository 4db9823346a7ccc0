/**
 * (Over 500 lines on purpose, test-only: one Graph API stand-in, every endpoint reading and writing
 * the same accounts, templates, media and webhook queue; fixtures are in fixtures.ts.)
 * A WhatsApp Cloud API (Graph API) stand-in on 127.0.0.1, for tests: the real HTTP shapes of
 * the endpoints Recado calls, Graph's error bodies, and the webhooks Meta sends, signed with the
 * app secret (X-Hub-Signature-256) and delivered to whatever URL is registered (the relay), with
 * Meta's retry on a non-200 answer. See README.md for what it covers and what it does not.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInAccount {
  phoneNumberId: string;
  wabaId: string;
  /** The system user token that works for this account. */
  token: string;
  appSecret: string;
  displayPhoneNumber: string;
  verifiedName: string;
  nameStatus?: string;
  qualityRating?: 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
  messagingLimit?: string;
  throughputLevel?: 'STANDARD' | 'HIGH';
}

export interface StandInTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: 'POSITIONAL' | 'NAMED';
  rejected_reason?: string;
  components: Array<Record<string, unknown>>;
}

export interface SentMessage {
  wamid: string;
  phoneNumberId: string;
  to: string;
  waId: string;
  type: string;
  body: Record<string, unknown>;
  at: number;
}

export interface ScriptedError {
  code: number;
  subcode?: number;
  message?: string;
  type?: string;
  httpStatus?: number;
  details?: string;
}

interface PendingWebhook {
  body: string;
  attempts: number;
  nextAt: number;
}

export interface StatusPlan {
  /** Statuses after `sent`, in order; default delivered then read. */
  after: Array<'delivered' | 'read'>;
  /** Gap between statuses (ms). */
  gapMs: number;
  /** Send every status webhook twice (Meta may deliver more than once). */
  duplicate: boolean;
  /** Send the statuses of a message in reverse order (read before delivered before sent). */
  outOfOrder: boolean;
}

const GRAPH_ERROR_TITLES: Record<number, string> = {
  190: 'Error validating access token: Session has expired',
  10: 'Application does not have permission for this action',
  100: 'Invalid parameter',
  130429: 'Rate limit hit',
  131026: 'Message undeliverable',
  131047: 'Re-engagement message',
  131048: 'Spam rate limit hit',
  131049: 'This message was not delivered to maintain healthy ecosystem engagement.',
  131056: '(Business Account, Consumer Account) pair rate limit hit',
  132000: 'Number of parameters does not match the expected number of params',
  132001: 'Template name does not exist in the translation',
  368: 'Temporarily blocked for policies violations',
  131031: 'Business Account locked',
};

function wamid(): string {
  return `wamid.${randomBytes(24).toString('base64url')}`;
}

function secs(t: number): string {
  return String(Math.floor(t / 1000));
}

function graphError(e: ScriptedError): { status: number; body: unknown } {
  const title = e.message ?? GRAPH_ERROR_TITLES[e.code] ?? 'Unknown error';
  return {
    status: e.httpStatus ?? (e.code === 190 ? 401 : e.code === 130429 || e.code === 80007 || e.code === 4 ? 429 : 400),
    body: {
      error: {
        message: `(#${e.code}) ${title}`,
        type: e.type ?? 'OAuthException',
        code: e.code,
        ...(e.subcode !== undefined ? { error_subcode: e.subcode } : {}),
        error_data: { messaging_product: 'whatsapp', details: e.details ?? title },
        fbtrace_id: `A${randomBytes(8).toString('hex')}`,
      },
    },
  };
}

/** Phone digits a contact is known under; Brazilian 9-digit mobiles may map to the old 8-digit id. */
export type WaIdMapper = (to: string) => string;

export interface GraphStandInOptions {
  accounts: StandInAccount[];
  /** The Meta app the accounts' tokens belong to (`GET /app`, resumable uploads). */
  app?: { id: string; name: string };
  templates?: Record<string, StandInTemplate[]>;
  /** Clock for timestamps (tests). */
  now?: () => number;
}

export class GraphStandIn {
  url = '';
  readonly sent: SentMessage[] = [];
  readonly uploads: Array<{ id: string; phoneNumberId: string; mimeType: string; size: number; sha256: string; fileName: string }> = [];
  /** Every request, for assertions (method, path, status). */
  readonly requests: Array<{ method: string; path: string; status: number }> = [];
  readonly createdTemplates: Array<{ id: string; wabaId: string; body: Record<string, unknown> }> = [];
  /** Webhook deliveries answered 200 by the receiver. */
  readonly deliveredWebhooks: string[] = [];

  statusPlan: StatusPlan = { after: ['delivered', 'read'], gapMs: 20, duplicate: false, outOfOrder: false };
  /**
   * Recipient digits → the reply that "contact" sends once, after reading the first message that
   * reaches them (a person answers a message, not every later one, e.g. our answer back).
   */
  readonly replies = new Map<string, { text: string } | { button: string; payload?: string }>();
  /** Errors for the next send requests (in order), optionally for one recipient only. */
  readonly nextErrors: Array<ScriptedError & { to?: string }> = [];
  /** Recipient → accepted, then reported `failed` by webhook with this code. */
  readonly asyncFailures = new Map<string, ScriptedError>();
  /** Min gap between two messages to the same recipient before 131056 (0 = off). */
  pairGapMs = 0;
  /** Max sends per second per number before 130429 (0 = off). */
  throughputPerSecond = 0;
  /** Tokens that used to work and now answer 190/463. */
  readonly expiredTokens = new Set<string>();
  waIdFor: WaIdMapper = (to) => to;
  /** The next N send requests are taken (the message counts as sent) but never answered. */
  stallSends = 0;
  /** Uploaded media ids Meta no longer has (expired after 30 days, or deleted). */
  readonly droppedMedia = new Set<string>();
  /** The Meta app every stand-in token belongs to. */
  readonly app: { id: string; name: string };
  /** Files finished through the Resumable Upload API, by handle (template header samples). */
  readonly fileHandles = new Map<string, { mimeType: string; size: number; sha256: string; fileName: string }>();

  private server: http.Server | null = null;
  private readonly accounts = new Map<string, StandInAccount>();
  private readonly templates = new Map<string, StandInTemplate[]>();
  private readonly lastTo = new Map<string, number>();
  private readonly sendTimes = new Map<string, number[]>();
  /** Contact digits → last inbound message time (opens the 24-hour window). */
  private readonly windows = new Map<string, number>();
  private webhook: { url: string; verifyToken: string } | null = null;
  private readonly queue: PendingWebhook[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private pump: ReturnType<typeof setInterval> | null = null;
  private readonly now: () => number;
  private templateSeq = 9000;
  /** Open Resumable Upload sessions (`upload:<id>`), with who opened them and what they declared. */
  private readonly uploadSessions = new Map<string, { token: string; fileName: string; length: number; mimeType: string }>();

  constructor(options: GraphStandInOptions) {
    for (const a of options.accounts) this.accounts.set(a.phoneNumberId, { nameStatus: 'APPROVED', qualityRating: 'GREEN', messagingLimit: 'TIER_2K', throughputLevel: 'STANDARD', ...a });
    for (const [waba, list] of Object.entries(options.templates ?? {})) this.templates.set(waba, list.map((t) => ({ ...t })));
    this.now = options.now ?? Date.now;
    this.app = options.app ?? { id: '784512309876543', name: 'Recado Padaria' };
  }

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        this.reply(req, res, 500, { error: { message: String(err), type: 'OAuthException', code: 1, fbtrace_id: 'x' } });
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.pump = setInterval(() => void this.flushWebhooks(), 25);
    return this.url;
  }

  async stop(): Promise<void> {
    if (this.pump) clearInterval(this.pump);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (!this.server) return;
    await new Promise<void>((resolve) => {
      this.server!.close(() => resolve());
      this.server!.closeAllConnections();
    });
    this.server = null;
  }

  // ------------------------------------------------------------------ controls for tests

  account(phoneNumberId: string): StandInAccount {
    const a = this.accounts.get(phoneNumberId);
    if (!a) throw new Error(`no stand-in account ${phoneNumberId}`);
    return a;
  }

  /**
   * What the user does in Meta's dashboard: saves the callback URL and verify token. Like Meta,
   * the stand-in first calls the URL with `hub.mode=subscribe` and keeps it only when the answer
   * echoes `hub.challenge`.
   */
  async registerWebhook(url: string, verifyToken: string): Promise<boolean> {
    const challenge = String(Math.floor(Math.random() * 1e9));
    const u = new URL(url);
    u.searchParams.set('hub.mode', 'subscribe');
    u.searchParams.set('hub.verify_token', verifyToken);
    u.searchParams.set('hub.challenge', challenge);
    const res = await fetch(u).catch(() => null);
    const text = res ? await res.text() : '';
    if (!res || res.status !== 200 || text !== challenge) return false;
    this.webhook = { url, verifyToken };
    return true;
  }

  get webhookUrl(): string | null {
    return this.webhook?.url ?? null;
  }

  /** A contact writes to the business number (opens the 24-hour window). */
  inbound(phoneNumberId: string, from: string, message: { text: string; replyTo?: string } | { button: string; payload?: string; replyTo: string } | { interactive: string; id: string; replyTo: string }, o: { id?: string; name?: string } = {}): string {
    const account = this.account(phoneNumberId);
    const id = o.id ?? wamid();
    const at = this.now();
    this.windows.set(from, at);
    const context = 'replyTo' in message && message.replyTo ? { context: { from: account.displayPhoneNumber.replace(/\D/g, ''), id: message.replyTo } } : {};
    const msg: Record<string, unknown> =
      'text' in message
        ? { from, id, timestamp: secs(at), type: 'text', text: { body: message.text }, ...context }
        : 'button' in message
          ? { from, id, timestamp: secs(at), type: 'button', button: { text: message.button, payload: message.payload ?? message.button }, ...context }
          : { from, id, timestamp: secs(at), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: message.id, title: message.interactive } }, ...context };
    this.enqueue(account, 'messages', { messaging_product: 'whatsapp', metadata: this.metadata(account), contacts: [{ profile: { name: o.name ?? 'Contato' }, wa_id: from }], messages: [msg] });
    return id;
  }

  /** Quality drop (or rise) as Meta reports it: the field changes and a webhook goes out. */
  setQuality(phoneNumberId: string, rating: 'GREEN' | 'YELLOW' | 'RED'): void {
    const account = this.account(phoneNumberId);
    account.qualityRating = rating;
    this.enqueue(account, 'phone_number_quality_update', {
      display_phone_number: account.displayPhoneNumber.replace(/\D/g, ''),
      event: rating === 'RED' ? 'FLAGGED' : 'UNFLAGGED',
      current_limit: account.messagingLimit,
    });
  }

  /** Meta's review of a submitted template ends: the status changes and a webhook goes out. */
  reviewTemplate(wabaId: string, templateId: string, event: 'APPROVED' | 'REJECTED' | 'PAUSED', reason = 'NONE'): void {
    const t = (this.templates.get(wabaId) ?? []).find((x) => x.id === templateId);
    if (!t) throw new Error(`no template ${templateId}`);
    t.status = event;
    if (event === 'REJECTED') t.rejected_reason = reason;
    const account = [...this.accounts.values()].find((a) => a.wabaId === wabaId)!;
    this.enqueue(account, 'message_template_status_update', { event, message_template_id: Number(templateId), message_template_name: t.name, message_template_language: t.language, reason });
  }

  /** Sends a webhook body exactly as given (signed), e.g. a forged or replayed one. */
  rawWebhook(body: string, signature?: string): void {
    this.queue.push({ body: JSON.stringify({ raw: body, signature }), attempts: 0, nextAt: 0 });
  }

  /** Waits until every queued webhook was answered 200 (or `timeoutMs` passes). */
  async webhooksSettled(timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((this.queue.length > 0 || this.timers.size > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  pendingWebhooks(): number {
    return this.queue.length;
  }

  templatesOf(wabaId: string): StandInTemplate[] {
    return this.templates.get(wabaId) ?? [];
  }

  // ------------------------------------------------------------------ HTTP

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean);
    const version = parts[0] ?? '';
    if (!/^v\d+\.\d+$/.test(version)) return this.reply(req, res, 400, graphError({ code: 2500, message: 'Unknown path components' }).body);
    const body = await readBody(req);
    // Resumable upload, step 2: `Authorization: OAuth <token>` (Graph's older scheme), the bytes as the body.
    if (req.method === 'POST' && /^upload:/.test(parts[1] ?? '') && !parts[2]) return this.uploadChunk(req, res, decodeURIComponent(parts[1]), body);
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const known = [...this.accounts.values()].find((a) => a.token === token);
    if (!token || this.expiredTokens.has(token)) {
      const e = graphError(this.expiredTokens.has(token) ? { code: 190, subcode: 463, message: 'Error validating access token: Session has expired on Tuesday, 01-Dec-26 12:00:00 PST.' } : { code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
      return this.reply(req, res, e.status, e.body);
    }
    if (!known) {
      const e = graphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
      return this.reply(req, res, e.status, e.body);
    }
    const [id, edge] = [parts[1], parts[2]];
    // The app the token belongs to, and resumable upload step 1 (open a session on the app).
    if (req.method === 'GET' && id === 'app' && !edge) return this.reply(req, res, 200, { ...this.app, link: `https://www.facebook.com/games/?app_id=${this.app.id}` });
    if (id === this.app.id && edge === 'uploads' && req.method === 'POST') return this.openUpload(req, res, token, url.searchParams);
    const account = this.accounts.get(id ?? '');
    const wabaAccount = [...this.accounts.values()].find((a) => a.wabaId === id);
    const templateOwner = !account && !wabaAccount ? [...this.templates.entries()].find(([, list]) => list.some((t) => t.id === id)) : undefined;
    const owner = account ?? wabaAccount ?? (templateOwner ? [...this.accounts.values()].find((a) => a.wabaId === templateOwner[0]) : undefined);
    if (!owner || owner.token !== token) {
      const e = graphError({ code: 100, subcode: 33, message: `Unsupported ${req.method === 'GET' ? 'get' : 'post'} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.` });
      return this.reply(req, res, e.status, e.body);
    }

    if (req.method === 'GET' && account && !edge) return this.reply(req, res, 200, this.phoneFields(account, url.searchParams.get('fields')));
    if (req.method === 'POST' && account && edge === 'messages') return this.sendMessage(req, res, account, body);
    if (req.method === 'POST' && account && edge === 'media') return this.upload(req, res, account, body);
    if (wabaAccount && edge === 'message_templates') {
      if (req.method === 'GET') return this.reply(req, res, 200, this.listTemplates(wabaAccount.wabaId, url.searchParams));
      if (req.method === 'POST') return this.createTemplate(req, res, wabaAccount.wabaId, body);
    }
    if (templateOwner && req.method === 'GET' && !edge) {
      return this.reply(req, res, 200, templateOwner[1].find((t) => t.id === id));
    }
    const e = graphError({ code: 100, message: 'Unsupported request - method type' });
    return this.reply(req, res, e.status, e.body);
  }

  private phoneFields(a: StandInAccount, fields: string | null): Record<string, unknown> {
    const all: Record<string, unknown> = {
      id: a.phoneNumberId,
      display_phone_number: a.displayPhoneNumber,
      verified_name: a.verifiedName,
      name_status: a.nameStatus,
      quality_rating: a.qualityRating,
      whatsapp_business_manager_messaging_limit: a.messagingLimit,
      messaging_limit_tier: a.messagingLimit,
      throughput: { level: a.throughputLevel },
      code_verification_status: 'VERIFIED',
      platform_type: 'CLOUD_API',
    };
    if (!fields) return { id: a.phoneNumberId, display_phone_number: a.displayPhoneNumber, verified_name: a.verifiedName, quality_rating: a.qualityRating };
    const out: Record<string, unknown> = { id: a.phoneNumberId };
    for (const f of fields.split(',')) if (f in all) out[f] = all[f];
    return out;
  }

  private sendMessage(req: http.IncomingMessage, res: http.ServerResponse, account: StandInAccount, raw: Buffer): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      const e = graphError({ code: 100, message: 'Invalid parameter', details: 'Request body is not JSON' });
      return this.reply(req, res, e.status, e.body);
    }
    const to = String(body.to ?? '').replace(/\D/g, '');
    const fail = (e: ScriptedError) => {
      const g = graphError(e);
      this.reply(req, res, g.status, g.body);
    };
    if (body.messaging_product !== 'whatsapp') return fail({ code: 100, details: 'The parameter messaging_product is required.' });
    if (!to) return fail({ code: 100, details: 'The parameter to is required.' });
    const scripted = this.nextErrors.findIndex((e) => !e.to || e.to === to);
    if (scripted >= 0) return fail(this.nextErrors.splice(scripted, 1)[0]);
    const now = this.now();
    if (this.throughputPerSecond > 0) {
      const times = (this.sendTimes.get(account.phoneNumberId) ?? []).filter((t) => now - t < 1000);
      if (times.length >= this.throughputPerSecond) return fail({ code: 130429, details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time.' });
      times.push(now);
      this.sendTimes.set(account.phoneNumberId, times);
    }
    if (this.pairGapMs > 0) {
      const last = this.lastTo.get(`${account.phoneNumberId}:${to}`);
      if (last !== undefined && now - last < this.pairGapMs) return fail({ code: 131056, details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.' });
    }
    const type = String(body.type ?? 'text');
    let category: string | null = null;
    let mediaFailure: ScriptedError | null = null;
    if (type === 'template') {
      const tpl = body.template as { name?: string; language?: { code?: string }; components?: Array<{ type?: string; parameters?: unknown[] }> } | undefined;
      const found = (this.templates.get(account.wabaId) ?? []).find((t) => t.name === tpl?.name && t.language === tpl?.language?.code);
      if (!found || found.status !== 'APPROVED') return fail({ code: 132001, details: `template name (${tpl?.name}) does not exist in ${tpl?.language?.code}` });
      const expected = countParams(found);
      const given = countGiven(tpl?.components ?? []);
      if (expected.body !== given.body || expected.header !== given.header) return fail({ code: 132000, details: `body: number of localizable_params (${given.body}) does not match the expected number of params (${expected.body})` });
      const media = this.headerMediaOf(found, tpl?.components ?? [], account);
      if (media === 'format') return fail({ code: 132012, details: 'header: Format mismatch, expected the media type of the template header' });
      if (media === 'unknown') mediaFailure = { code: 131053, message: 'Media upload error', details: 'Unable to use the media id: it does not exist or was uploaded by another phone number.' };
      category = found.category.toLowerCase();
    } else if (type === 'text') {
      const text = (body.text as { body?: string } | undefined)?.body;
      if (!text) return fail({ code: 100, details: 'The parameter text[body] is required.' });
    } else {
      return fail({ code: 131051, details: `Message type ${type} is not supported by this stand-in` });
    }
    this.lastTo.set(`${account.phoneNumberId}:${to}`, now);
    const id = wamid();
    const waId = this.waIdFor(to);
    this.sent.push({ wamid: id, phoneNumberId: account.phoneNumberId, to, waId, type, body, at: now });
    if (this.stallSends > 0) {
      // Meta took it, but the answer is lost on the way back: the client cannot know.
      this.stallSends--;
      this.followUp(account, { id, waId, to, type, category, mediaFailure, callback: typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined });
      return;
    }
    this.reply(req, res, 200, { messaging_product: 'whatsapp', contacts: [{ input: String(body.to), wa_id: waId }], messages: [{ id, ...(type === 'template' ? { message_status: 'accepted' } : {}) }] });
    this.followUp(account, { id, waId, to, type, category, mediaFailure, callback: typeof body.biz_opaque_callback_data === 'string' ? body.biz_opaque_callback_data : undefined });
  }

  /**
   * A media header's parameter: the template's format (`image` for an IMAGE header…) with an `id`
   * this number uploaded (or a `link`). A media id Meta does not know is accepted, then reported
   * `failed` with 131053, as Meta does when it cannot fetch the media.
   */
  private headerMediaOf(t: StandInTemplate, components: Array<{ type?: string; parameters?: unknown[] }>, account: StandInAccount): 'ok' | 'format' | 'unknown' | 'none' {
    const header = t.components.find((c) => c.type === 'HEADER');
    const format = String(header?.format ?? '').toLowerCase();
    if (!['image', 'video', 'document'].includes(format)) return 'none';
    const param = components.find((c) => String(c.type).toLowerCase() === 'header')?.parameters?.[0] as Record<string, unknown> | undefined;
    const media = param?.[format] as { id?: unknown; link?: unknown } | undefined;
    if (!param || param.type !== format || !media) return 'format';
    if (typeof media.link === 'string') return 'ok';
    const upload = this.uploads.find((u) => u.id === media.id && u.phoneNumberId === account.phoneNumberId && !this.droppedMedia.has(u.id));
    return upload ? 'ok' : 'unknown';
  }

  /** The status webhooks (and replies) that follow an accepted message. */
  private followUp(account: StandInAccount, m: { id: string; waId: string; to: string; type: string; category: string | null; mediaFailure?: ScriptedError | null; callback?: string }): void {
    const open = (this.windows.get(m.to) ?? -Infinity) > this.now() - 24 * 3_600_000;
    const base = (status: string, at: number) => ({ id: m.id, status, timestamp: secs(at), recipient_id: m.waId, ...(m.callback ? { biz_opaque_callback_data: m.callback } : {}) });
    const failure = m.mediaFailure ?? this.asyncFailures.get(m.to) ?? (m.type === 'text' && !open ? { code: 131047, details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } : null);
    const statuses: Array<Record<string, unknown>> = [];
    if (failure) {
      statuses.push({ ...base('failed', this.now()), errors: [{ code: failure.code, title: failure.message ?? GRAPH_ERROR_TITLES[failure.code] ?? 'Error', message: failure.message ?? GRAPH_ERROR_TITLES[failure.code] ?? 'Error', error_data: { details: failure.details ?? '' } }] });
    } else {
      // Utility templates and anything free-form inside an open window are free; the rest is billed.
      const free = m.type !== 'template' || (open && m.category === 'utility');
      const pricing = { billable: !free, pricing_model: 'PMP', category: m.type === 'template' ? m.category : 'service', type: free ? 'free_customer_service' : 'regular' };
      statuses.push({ ...base('sent', this.now()), pricing });
      for (const s of this.statusPlan.after) statuses.push({ ...base(s, this.now()), pricing });
    }
    const order = this.statusPlan.outOfOrder ? [...statuses].reverse() : statuses;
    order.forEach((s, i) => {
      this.later(i * this.statusPlan.gapMs, () => {
        const value = { messaging_product: 'whatsapp', metadata: this.metadata(account), statuses: [s] };
        this.enqueue(account, 'messages', value);
        if (this.statusPlan.duplicate) this.enqueue(account, 'messages', value);
      });
    });
    const reply = this.replies.get(m.to);
    if (reply && !failure) {
      this.replies.delete(m.to);
      this.later(order.length * this.statusPlan.gapMs + this.statusPlan.gapMs, () =>
        this.inbound(account.phoneNumberId, m.waId, 'text' in reply ? { text: reply.text, replyTo: m.id } : { button: reply.button, payload: reply.payload, replyTo: m.id }),
      );
    }
  }

  private upload(req: http.IncomingMessage, res: http.ServerResponse, account: StandInAccount, raw: Buffer): void {
    const type = req.headers['content-type'] ?? '';
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    if (!boundary) {
      const e = graphError({ code: 100, details: 'multipart/form-data expected' });
      return this.reply(req, res, e.status, e.body);
    }
    const parts = parseMultipart(raw, boundary[1] ?? boundary[2]);
    const file = parts.find((p) => p.name === 'file');
    const product = parts.find((p) => p.name === 'messaging_product')?.data.toString();
    if (!file || product !== 'whatsapp') {
      const e = graphError({ code: 100, details: 'file and messaging_product are required' });
      return this.reply(req, res, e.status, e.body);
    }
    // Graph files the upload under the `type` field (the MIME type) and checks it and the size.
    const mimeType = (parts.find((p) => p.name === 'type')?.data.toString() ?? file.contentType ?? '').toLowerCase();
    const limit = UPLOAD_TYPES[mimeType];
    if (!limit) {
      const e = graphError({ code: 100, message: 'Invalid parameter', details: `Param file must be a file with one of the following types: ${Object.keys(UPLOAD_TYPES).join(', ')}. Received file of type '${mimeType}'.` });
      return this.reply(req, res, e.status, e.body);
    }
    if (file.data.length > limit) {
      const e = graphError({ code: 131053, message: 'Media upload error', details: `File size ${file.data.length} exceeds the ${limit} bytes allowed for ${mimeType}.` });
      return this.reply(req, res, e.status, e.body);
    }
    const id = String(1_000_000_000_000 + this.uploads.length);
    this.uploads.push({ id, phoneNumberId: account.phoneNumberId, mimeType, size: file.data.length, sha256: createHash('sha256').update(file.data).digest('hex'), fileName: file.fileName ?? '' });
    this.reply(req, res, 200, { id });
  }

  private listTemplates(wabaId: string, params: URLSearchParams): unknown {
    const all = (this.templates.get(wabaId) ?? []).filter((t) => !params.get('status') || t.status === params.get('status'));
    const limit = Math.max(1, Math.min(Number(params.get('limit') ?? 25) || 25, 100));
    const start = params.get('after') ? Number(Buffer.from(params.get('after')!, 'base64url').toString()) : 0;
    const page = all.slice(start, start + limit);
    const end = start + page.length;
    const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
    return {
      data: page,
      paging: {
        cursors: { before: cursor(start), after: cursor(end) },
        ...(end < all.length ? { next: `${this.url}/v24.0/${wabaId}/message_templates?limit=${limit}&after=${cursor(end)}` } : {}),
      },
    };
  }

  private createTemplate(req: http.IncomingMessage, res: http.ServerResponse, wabaId: string, raw: Buffer): void {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      const e = graphError({ code: 100, details: 'Request body is not JSON' });
      return this.reply(req, res, e.status, e.body);
    }
    const name = String(body.name ?? '');
    const list = this.templates.get(wabaId) ?? [];
    if (!/^[a-z0-9_]{1,512}$/.test(name) || !body.language || !body.category || !Array.isArray(body.components)) {
      const e = graphError({ code: 100, subcode: 2388042, details: 'Template name, language, category and components are required' });
      return this.reply(req, res, e.status, e.body);
    }
    const sampleProblem = this.headerSampleProblem(body.components as Array<Record<string, unknown>>);
    if (sampleProblem) {
      const e = graphError({ code: 100, subcode: 2388273, message: 'Invalid parameter', details: sampleProblem });
      return this.reply(req, res, e.status, e.body);
    }
    const buttonProblem = templateButtonProblem(body.components as Array<Record<string, unknown>>);
    if (buttonProblem) {
      const e = graphError({ code: 100, subcode: 2388043, message: 'Invalid parameter', details: buttonProblem });
      return this.reply(req, res, e.status, e.body);
    }
    if (list.some((t) => t.name === name && t.language === body.language)) {
      const e = graphError({ code: 100, subcode: 2388024, message: 'Message template already exists', details: 'There is already content for this template in this language.' });
      return this.reply(req, res, e.status, e.body);
    }
    const id = String(++this.templateSeq);
    const t: StandInTemplate = { id, name, language: String(body.language), status: 'PENDING', category: String(body.category), parameter_format: body.parameter_format === 'NAMED' ? 'NAMED' : 'POSITIONAL', components: body.components as Array<Record<string, unknown>> };
    list.push(t);
    this.templates.set(wabaId, list);
    this.createdTemplates.push({ id, wabaId, body });
    this.reply(req, res, 200, { id, status: 'PENDING', category: t.category });
  }

  /**
   * A media header (IMAGE, VIDEO, DOCUMENT) needs `example.header_handle` with one handle from the
   * Resumable Upload API, of a file of the header's kind; Graph refuses the template otherwise.
   */
  private headerSampleProblem(components: Array<Record<string, unknown>>): string | null {
    const header = components.find((c) => c.type === 'HEADER');
    const format = String(header?.format ?? '');
    if (!header || !['IMAGE', 'VIDEO', 'DOCUMENT'].includes(format)) return null;
    const handles = (header.example as { header_handle?: unknown } | undefined)?.header_handle;
    if (!Array.isArray(handles) || handles.length !== 1 || typeof handles[0] !== 'string') return 'Message template "HEADER" component is missing expected field(s) (example.header_handle).';
    const file = this.fileHandles.get(handles[0]);
    if (!file) return 'Message template "HEADER" component: the header_handle is not a valid uploaded file handle.';
    const kind = file.mimeType.startsWith('image/') ? 'IMAGE' : file.mimeType.startsWith('video/') ? 'VIDEO' : 'DOCUMENT';
    if (kind !== format) return `Message template "HEADER" component: format ${format} does not match the uploaded file of type ${file.mimeType}.`;
    return null;
  }

  /** Resumable upload, step 1: `POST /{app-id}/uploads?file_name&file_length&file_type` → `{ id: "upload:…" }`. */
  private openUpload(req: http.IncomingMessage, res: http.ServerResponse, token: string, params: URLSearchParams): void {
    const fileName = params.get('file_name') ?? '';
    const length = Number(params.get('file_length'));
    const mimeType = (params.get('file_type') ?? '').toLowerCase();
    if (!Number.isInteger(length) || length <= 0) {
      const e = graphError({ code: 100, message: 'Invalid parameter', details: 'file_length must be a positive integer.' });
      return this.reply(req, res, e.status, e.body);
    }
    if (!RESUMABLE_TYPES.includes(mimeType)) {
      const e = graphError({ code: 100, message: 'Invalid parameter', details: `file_type must be one of ${RESUMABLE_TYPES.join(', ')}. Received '${mimeType}'.` });
      return this.reply(req, res, e.status, e.body);
    }
    const id = `upload:${randomBytes(18).toString('base64url')}`;
    this.uploadSessions.set(id, { token, fileName, length, mimeType });
    this.reply(req, res, 200, { id });
  }

  /** Resumable upload, step 2: `POST /upload:<session>` with `file_offset` and the bytes → `{ h }`. */
  private uploadChunk(req: http.IncomingMessage, res: http.ServerResponse, sessionId: string, raw: Buffer): void {
    const token = /^OAuth (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const session = this.uploadSessions.get(sessionId);
    if (!token || ![...this.accounts.values()].some((a) => a.token === token) || this.expiredTokens.has(token)) {
      const e = graphError({ code: 190, message: 'Invalid OAuth access token - Cannot parse access token' });
      return this.reply(req, res, e.status, e.body);
    }
    if (!session || session.token !== token) {
      const e = graphError({ code: 100, subcode: 33, message: `Unsupported post request. Object with ID '${sessionId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.` });
      return this.reply(req, res, e.status, e.body);
    }
    const offset = req.headers.file_offset;
    if (offset !== '0') {
      const e = graphError({ code: 100, message: 'Invalid parameter', details: `file_offset must be 0 for a new upload (the session has 0 bytes). Received '${String(offset ?? '')}'.` });
      return this.reply(req, res, e.status, e.body);
    }
    if (raw.length !== session.length) {
      const e = graphError({ code: 100, message: 'Invalid parameter', details: `The upload has ${raw.length} bytes; the session declared file_length ${session.length}.` });
      return this.reply(req, res, e.status, e.body);
    }
    this.uploadSessions.delete(sessionId);
    const h = `4::${Buffer.from(session.mimeType).toString('base64')}:${randomBytes(24).toString('base64url')}`;
    this.fileHandles.set(h, { mimeType: session.mimeType, size: raw.length, sha256: createHash('sha256').update(raw).digest('hex'), fileName: session.fileName });
    this.reply(req, res, 200, { h });
  }

  // ------------------------------------------------------------------ webhooks

  private metadata(a: StandInAccount) {
    return { display_phone_number: a.displayPhoneNumber.replace(/\D/g, ''), phone_number_id: a.phoneNumberId };
  }

  private enqueue(account: StandInAccount, field: string, value: Record<string, unknown>): void {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: account.wabaId, changes: [{ value, field }] }] });
    this.queue.push({ body: JSON.stringify({ raw: body, secret: account.appSecret }), attempts: 0, nextAt: 0 });
  }

  private flushing = false;

  private async flushWebhooks(): Promise<void> {
    if (this.flushing || !this.webhook) return;
    this.flushing = true;
    try {
      const now = Date.now();
      for (const item of [...this.queue]) {
        if (item.nextAt > now) continue;
        const { raw, secret, signature } = JSON.parse(item.body) as { raw: string; secret?: string; signature?: string };
        const sig = signature ?? `sha256=${createHmac('sha256', secret ?? '').update(raw).digest('hex')}`;
        let ok = false;
        try {
          const res = await fetch(this.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': sig }, body: raw, signal: AbortSignal.timeout(5_000) });
          ok = res.status === 200;
          await res.text().catch(() => '');
        } catch {
          ok = false;
        }
        if (ok) {
          this.queue.splice(this.queue.indexOf(item), 1);
          this.deliveredWebhooks.push(raw);
        } else {
          // Meta retries failed deliveries with a growing delay (for up to 7 days).
          item.attempts++;
          item.nextAt = Date.now() + Math.min(2_000, 50 * 2 ** item.attempts);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private reply(req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): void {
    this.requests.push({ method: req.method ?? '', path: (req.url ?? '').split('?')[0], status });
    const text = JSON.stringify(body ?? null);
    res.writeHead(status, {
      'content-type': 'application/json; charset=UTF-8',
      'content-length': Buffer.byteLength(text),
      ...(status === 401 ? { 'www-authenticate': 'OAuth "Facebook Platform" "invalid_token"' } : {}),
    });
    res.end(text);
  }
}

const MB = 1024 * 1024;

/** The MIME types Graph's media upload takes, with their size limits (Meta's supported media types). */
const UPLOAD_TYPES: Record<string, number> = {
  'audio/aac': 16 * MB,
  'audio/amr': 16 * MB,
  'audio/mpeg': 16 * MB,
  'audio/mp4': 16 * MB,
  'audio/ogg': 16 * MB,
  'text/plain': 100 * MB,
  'application/pdf': 100 * MB,
  'application/msword': 100 * MB,
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 100 * MB,
  'application/vnd.ms-excel': 100 * MB,
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 100 * MB,
  'application/vnd.ms-powerpoint': 100 * MB,
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 100 * MB,
  'image/jpeg': 5 * MB,
  'image/png': 5 * MB,
  'image/webp': 500 * 1024,
  'video/mp4': 16 * MB,
  'video/3gpp': 16 * MB,
};

/** The file types the Resumable Upload API documents (Meta's "Upload a file" guide). */
const RESUMABLE_TYPES = ['application/pdf', 'image/jpeg', 'image/jpg', 'image/png', 'video/mp4'];

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function countParams(t: StandInTemplate): { header: number; body: number } {
  const count = (text: unknown) => new Set([...String(text ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])).size;
  const header = t.components.find((c) => c.type === 'HEADER');
  const body = t.components.find((c) => c.type === 'BODY');
  const media = header && ['IMAGE', 'VIDEO', 'DOCUMENT'].includes(String(header.format));
  return { header: media ? 1 : count(header?.text), body: count(body?.text) };
}

function countGiven(components: Array<{ type?: string; parameters?: unknown[] }>): { header: number; body: number } {
  const of = (type: string) => components.find((c) => String(c.type).toLowerCase() === type)?.parameters?.length ?? 0;
  return { header: of('header'), body: of('body') };
}

function parseMultipart(raw: Buffer, boundary: string): Array<{ name: string; fileName?: string; contentType?: string; data: Buffer }> {
  const out: Array<{ name: string; fileName?: string; contentType?: string; data: Buffer }> = [];
  const sep = Buffer.from(`--${boundary}`);
  let pos = raw.indexOf(sep);
  while (pos >= 0) {
    const next = raw.indexOf(sep, pos + sep.length);
    if (next < 0) break;
    const part = raw.subarray(pos + sep.length + 2, next - 2);
    const headEnd = part.indexOf('\r\n\r\n');
    if (headEnd > 0) {
      const head = part.subarray(0, headEnd).toString('utf8');
      const name = /name="([^"]*)"/.exec(head)?.[1] ?? '';
      const fileName = /filename="([^"]*)"/.exec(head)?.[1];
      const contentType = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      out.push({ name, ...(fileName !== undefined ? { fileName } : {}), ...(contentType ? { contentType } : {}), data: part.subarray(headEnd + 4) });
    }
    pos = next;
  }
  return out;
}

/**
 * The button checks Graph makes on `POST /{waba}/message_templates`: quick replies need a text,
 * a URL button an http(s) url (a variable only as a trailing {{1}}, then an `example` with the
 * full URL), a PHONE_NUMBER button a `phone_number`; texts up to 25 characters, 10 buttons.
 */
function templateButtonProblem(components: Array<Record<string, unknown>>): string | null {
  const buttons = components.filter((c) => c.type === 'BUTTONS').flatMap((c) => (Array.isArray(c.buttons) ? (c.buttons as Array<Record<string, unknown>>) : []));
  if (buttons.length > 10) return 'A template can have at most 10 buttons.';
  for (const b of buttons) {
    const text = typeof b.text === 'string' ? b.text : '';
    if (!text || text.length > 25) return 'Button text is required and must be at most 25 characters.';
    if (b.type === 'QUICK_REPLY') continue;
    if (b.type === 'URL') {
      const url = typeof b.url === 'string' ? b.url : '';
      if (!/^https?:\/\/[^\s/]+\.[^\s]+$/.test(url.replace(/\{\{1\}\}$/, 'x'))) return 'Message template "Buttons" component: url must be a valid http(s) URL.';
      const vars = url.match(/\{\{[^}]*\}\}/g) ?? [];
      if (vars.length > 1 || (vars.length === 1 && !url.endsWith('{{1}}'))) return 'Message template "Buttons" component: only one variable, {{1}}, at the end of the url.';
      const example = Array.isArray(b.example) ? (b.example as unknown[]) : [];
      if (vars.length === 1 && (example.length !== 1 || typeof example[0] !== 'string' || !example[0].startsWith(url.slice(0, -5)))) return 'Message template "Buttons" component is missing expected field(s) (example).';
      continue;
    }
    if (b.type === 'PHONE_NUMBER') {
      if (typeof b.phone_number !== 'string' || !/^\+?\d{8,20}$/.test(b.phone_number)) return 'Message template "Buttons" component: phone_number must be a phone number with its country code.';
      continue;
    }
    return `Button type ${String(b.type)} is not supported here.`;
  }
  return null;
}

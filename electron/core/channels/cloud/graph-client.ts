/**
 * A small Graph API client for the WhatsApp Cloud API: phone number fields, messages, media
 * upload, template listing (cursor pages), template creation. Plain fetch, a timeout on every
 * call, Graph's error bodies parsed into {@link GraphRequestError}. The token goes only in the
 * Authorization header and never into an error or a log line.
 */
import { GraphRequestError, parseGraphError } from './graph-errors';
import { jsonBody } from './json-body';

export interface GraphClientOptions {
  /** Meta's URL, or the local stand-in (see graph-config.ts). */
  baseUrl: string;
  /** e.g. `v24.0`. */
  version: string;
  token: string;
  fetch?: typeof fetch;
  /** Per request; default 20 s (uploads 120 s). */
  timeoutMs?: number;
}

/** The phone number fields "Testar conexão" and the number card show. */
export interface PhoneNumberInfo {
  id: string;
  displayPhoneNumber: string | null;
  verifiedName: string | null;
  /** APPROVED, PENDING_REVIEW, DECLINED, EXPIRED, NONE… */
  nameStatus: string | null;
  /** GREEN, YELLOW, RED, UNKNOWN. */
  qualityRating: string | null;
  /** TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED (older: TIER_1K). */
  messagingLimit: string | null;
  /** STANDARD (80 msg/s) or HIGH (up to 1,000 msg/s). */
  throughputLevel: string | null;
  codeVerificationStatus: string | null;
  platformType: string | null;
}

export interface RawTemplate {
  id: string;
  name: string;
  language: string;
  status: string;
  category: string;
  parameter_format?: string;
  rejected_reason?: string;
  components: Array<Record<string, unknown>>;
}

export interface SendResponse {
  wamid: string;
  /** The WhatsApp id Meta resolved the number to (Brazil: may lack the 9th digit). */
  waId: string | null;
}

const PHONE_FIELDS = [
  'display_phone_number',
  'verified_name',
  'name_status',
  'quality_rating',
  'whatsapp_business_manager_messaging_limit',
  'messaging_limit_tier',
  'throughput',
  'code_verification_status',
  'platform_type',
].join(',');

const TEMPLATE_FIELDS = 'id,name,language,status,category,parameter_format,rejected_reason,components';

/** Connection failures where the request never left this computer. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ERR_INVALID_URL', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT']);

function causeCode(err: unknown): string | null {
  let e: unknown = err;
  for (let i = 0; i < 4 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v ? v : null;
}

/** `whatsapp_business_manager_messaging_limit` is a tier string; older answers use messaging_limit_tier. */
function limitOf(body: Record<string, unknown>): string | null {
  const v = body.whatsapp_business_manager_messaging_limit ?? body.messaging_limit_tier;
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (v && typeof v === 'object') return str((v as Record<string, unknown>).tier) ?? str((v as Record<string, unknown>).current_limit);
  return null;
}

export class GraphClient {
  private readonly fetchImpl: typeof fetch;
  private readonly timeoutMs: number;

  constructor(private readonly options: GraphClientOptions) {
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 20_000;
  }

  async getPhoneNumber(phoneNumberId: string): Promise<PhoneNumberInfo> {
    const body = (await this.request('GET', `/${enc(phoneNumberId)}?fields=${PHONE_FIELDS}`)) as Record<string, unknown>;
    const throughput = body.throughput as { level?: unknown } | undefined;
    return {
      id: str(body.id) ?? phoneNumberId,
      displayPhoneNumber: str(body.display_phone_number),
      verifiedName: str(body.verified_name),
      nameStatus: str(body.name_status),
      qualityRating: str(body.quality_rating),
      messagingLimit: limitOf(body),
      throughputLevel: str(throughput?.level),
      codeVerificationStatus: str(body.code_verification_status),
      platformType: str(body.platform_type),
    };
  }

  /** POST /{phone-number-id}/messages; resolves with the wamid Meta assigned. */
  async sendMessage(phoneNumberId: string, payload: Record<string, unknown>): Promise<SendResponse> {
    const body = (await this.request('POST', `/${enc(phoneNumberId)}/messages`, { json: { messaging_product: 'whatsapp', recipient_type: 'individual', ...payload } })) as {
      contacts?: Array<{ wa_id?: string }>;
      messages?: Array<{ id?: string }>;
    };
    const wamid = body.messages?.[0]?.id;
    if (!wamid) throw new GraphRequestError('uncertain', { httpStatus: 200, message: 'Graph accepted the request but returned no message id' });
    return { wamid, waId: body.contacts?.[0]?.wa_id ?? null };
  }

  /** POST /{phone-number-id}/media (multipart); resolves with the media id. */
  async uploadMedia(phoneNumberId: string, file: { data: Uint8Array; mimeType: string; fileName: string }): Promise<string> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', file.mimeType);
    form.append('file', new Blob([new Uint8Array(file.data)], { type: file.mimeType }), file.fileName);
    const body = (await this.request('POST', `/${enc(phoneNumberId)}/media`, { form, timeoutMs: Math.max(this.timeoutMs, 120_000) })) as { id?: string };
    if (!body.id) throw new GraphRequestError('graph', { httpStatus: 200, message: 'Graph returned no media id' });
    return body.id;
  }

  /** GET /app: the Meta app the token belongs to (its id opens resumable upload sessions). */
  async getApp(): Promise<{ id: string; name: string | null }> {
    const body = (await this.request('GET', '/app')) as { id?: unknown; name?: unknown };
    const id = str(body.id);
    if (!id) throw new GraphRequestError('graph', { httpStatus: 200, message: 'Graph returned no app id' });
    return { id, name: str(body.name) };
  }

  /**
   * Graph's Resumable Upload API in one piece: opens a session on the app
   * (`POST /{app-id}/uploads`), sends the whole file from offset 0 (`POST /upload:<session>`,
   * `Authorization: OAuth`), and resolves with the file handle (`h`) a template's
   * `example.header_handle` takes.
   */
  async uploadFileHandle(appId: string, file: { data: Uint8Array; mimeType: string; fileName: string }): Promise<string> {
    const params = new URLSearchParams({ file_name: file.fileName, file_length: String(file.data.length), file_type: file.mimeType });
    const session = (await this.request('POST', `/${enc(appId)}/uploads?${params.toString()}`)) as { id?: unknown };
    const sessionId = str(session.id);
    if (!sessionId || !/^upload:[\w\-.=:?&%]+$/.test(sessionId)) throw new GraphRequestError('graph', { httpStatus: 200, message: 'Graph returned no upload session id' });
    const done = (await this.request('POST', `/${sessionId}`, { raw: file.data, auth: 'OAuth', headers: { file_offset: '0' }, timeoutMs: Math.max(this.timeoutMs, 120_000) })) as { h?: unknown };
    const h = str(done.h);
    if (!h) throw new GraphRequestError('graph', { httpStatus: 200, message: 'Graph returned no file handle' });
    return h;
  }

  /** One page of the account's templates (`after` = the cursor of the next page, null at the end). */
  async listTemplates(wabaId: string, o: { after?: string | null; limit?: number; status?: string } = {}): Promise<{ data: RawTemplate[]; after: string | null }> {
    const params = new URLSearchParams({ fields: TEMPLATE_FIELDS, limit: String(o.limit ?? 50) });
    if (o.after) params.set('after', o.after);
    if (o.status) params.set('status', o.status);
    const body = (await this.request('GET', `/${enc(wabaId)}/message_templates?${params.toString()}`)) as {
      data?: RawTemplate[];
      paging?: { cursors?: { after?: string }; next?: string };
    };
    const data = Array.isArray(body.data) ? body.data : [];
    // Graph sends `next` only when there is another page; the `after` cursor is always there.
    const after = body.paging?.next ? (body.paging.cursors?.after ?? null) : null;
    return { data, after };
  }

  /** POST /{waba-id}/message_templates; Meta reviews it (PENDING) and reports by webhook. */
  async createTemplate(wabaId: string, template: Record<string, unknown>): Promise<{ id: string; status: string; category: string | null }> {
    const body = (await this.request('POST', `/${enc(wabaId)}/message_templates`, { json: template })) as { id?: string; status?: string; category?: string };
    if (!body.id) throw new GraphRequestError('graph', { httpStatus: 200, message: 'Graph returned no template id' });
    return { id: body.id, status: body.status ?? 'PENDING', category: body.category ?? null };
  }

  /** GET /{template-id}: the current status of one template. */
  async getTemplate(templateId: string): Promise<RawTemplate> {
    return (await this.request('GET', `/${enc(templateId)}?fields=${TEMPLATE_FIELDS}`)) as RawTemplate;
  }

  private async request(
    method: 'GET' | 'POST',
    pathAndQuery: string,
    o: { json?: unknown; form?: FormData; raw?: Uint8Array; auth?: 'Bearer' | 'OAuth'; headers?: Record<string, string>; timeoutMs?: number } = {},
  ): Promise<unknown> {
    const url = `${this.options.baseUrl}/${this.options.version}${pathAndQuery}`;
    const headers: Record<string, string> = { ...o.headers, authorization: `${o.auth ?? 'Bearer'} ${this.options.token}` };
    let body: string | FormData | Blob | undefined;
    if (o.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(o.json);
    } else if (o.form) {
      body = o.form;
    } else if (o.raw) {
      headers['content-type'] = 'application/octet-stream';
      body = new Blob([new Uint8Array(o.raw)], { type: 'application/octet-stream' });
    }
    let res: Response;
    try {
      res = await this.fetchImpl(url, { method, headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? this.timeoutMs) });
    } catch (err) {
      const code = causeCode(err);
      const timedOut = (err as { name?: string }).name === 'TimeoutError' || (err as { name?: string }).name === 'AbortError';
      if (!timedOut && code && NOT_SENT.has(code)) throw new GraphRequestError('network', { message: `Graph unreachable (${code})`, cause: err });
      // Sent (or maybe sent) without an answer: the caller must not assume it failed.
      // A GET changes nothing, so for it "maybe sent" is as good as not sent.
      throw new GraphRequestError(method === 'GET' ? 'network' : 'uncertain', { message: timedOut ? 'Graph did not answer in time' : `Graph connection lost (${code ?? 'unknown'})`, cause: err });
    }
    const parsed = await jsonBody(res);
    if (res.ok && parsed !== null && !(parsed as { error?: unknown }).error) return parsed;
    const graphError = parseGraphError(res.status, parsed);
    if (graphError) throw graphError;
    // No Graph error body: a proxy answered. A 5xx to a POST may hide a message Meta accepted
    // (a gateway timeout), so it is uncertain; anything else was refused before Graph.
    if (res.status >= 500 && method === 'POST') throw new GraphRequestError('uncertain', { httpStatus: res.status, message: `Graph answered HTTP ${res.status}` });
    throw new GraphRequestError('graph', { httpStatus: res.status, code: res.status >= 500 ? 2 : null, message: `Graph answered HTTP ${res.status}` });
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

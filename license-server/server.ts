// HTTP front of the license server (node:http). Meant to listen on loopback
// behind an HTTPS reverse proxy (see README.md).
import { createPrivateKey } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { z } from 'zod';
import { LICENSE_ERROR_MESSAGES, type LicenseErrorCode } from '../shared/license/errors';
import { MACHINE_ID_PATTERN, parseOfflineRequestCode } from '../shared/license/offline-request';
import type { LicenseServerConfig, Logger } from './config';
import { openDb, type Db } from './db';
import { envelopeSchema, hottokMatches, HotmartWebhookHandler } from './hotmart';
import { LicenseService, ServiceError } from './licenses';
import { Mailer } from './mailer';
import { WebhookRelay } from './relay';
import { AttemptThrottle, DEFAULT_ACTIVATE_LIMITS, KEY_PREFIX_CHARS, tooManyAttemptsMessage } from './throttle';
import { validateKeyFormat } from '../shared/license/key-format';

export interface LicenseServerContext {
  db: Db;
  service: LicenseService;
  mailer: Mailer;
  webhooks: HotmartWebhookHandler;
  /** The Cloud API webhook relay (relay.ts). */
  relay: WebhookRelay;
  config: LicenseServerConfig;
  logger: Logger;
  /** The address webhook URLs are built on (config.publicUrl, else where the server listens). */
  publicUrl: string;
}

export interface RunningLicenseServer {
  /** e.g. "http://127.0.0.1:8787" */
  url: string;
  close(): Promise<void>;
  /** For tests and the lead's e2e: direct access to the service and DB. */
  context: LicenseServerContext;
}

const activateSchema = z.object({
  key: z.string().max(100),
  machineId: z.string().regex(MACHINE_ID_PATTERN),
  appVersion: z.string().max(40).optional(),
});
const deactivateSchema = z.object({ key: z.string().max(100), machineId: z.string().regex(MACHINE_ID_PATTERN) });
const refreshSchema = z.object({ license: z.string().min(1).max(16_384) });
const offlineSchema = z.object({ requestCode: z.string().min(1).max(4096), appVersion: z.string().max(40).optional() });

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: LicenseErrorCode,
    message?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message ?? LICENSE_ERROR_MESSAGES[code]);
  }
}

/** Builds the service objects over a DB (shared with the admin CLI). */
export function createContext(config: LicenseServerConfig, db: Db = openDb(config.dbPath)): LicenseServerContext {
  const now = config.now ?? Date.now;
  const logger: Logger = config.logger ?? pino({ name: 'license-server', level: process.env.LICENSE_LOG_LEVEL ?? 'info' });
  const maxMachines = config.maxMachines ?? 2;
  const service = new LicenseService(db, {
    signingKey: createPrivateKey(config.signingKeyPem),
    maxMachines,
    deactivationsPerDay: config.deactivationsPerDay ?? 3,
    shortLifetimeDays: config.shortLifetimeDays ?? 7,
    longLifetimeDays: config.longLifetimeDays ?? 30,
    now,
  });
  const mailer = new Mailer(db, config.smtp ?? null, logger, now);
  const webhooks = new HotmartWebhookHandler({
    db,
    service,
    mailer,
    products: config.products,
    maxMachines,
    chargeSlackDays: config.chargeSlackDays ?? 3,
    periodDays: config.periodDays,
    logger,
    now,
  });
  const ctx: LicenseServerContext = { db, service, mailer, webhooks, config, logger, publicUrl: config.publicUrl ?? '', relay: null as unknown as WebhookRelay };
  ctx.relay = new WebhookRelay({ db, service, logger, now, publicUrl: () => ctx.publicUrl, ...(config.relayLimits ? { limits: config.relayLimits } : {}) });
  return ctx;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  // Over the limit, keep draining (up to a hard cap) before answering 413, so
  // well-behaved clients read the error instead of a reset connection.
  const hardCap = limit * 16;
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > hardCap) return reject(new HttpError(413, 'license.payload_too_large'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > hardCap) {
        req.removeAllListeners('data');
        req.pause();
        reject(new HttpError(413, 'license.payload_too_large'));
      }
    });
    req.on('end', () => (size > limit ? reject(new HttpError(413, 'license.payload_too_large')) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'license.bad_request', 'O corpo do pedido não é um JSON válido.');
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(corpo)'))].join(', ');
    throw new HttpError(400, 'license.bad_request', `Pedido inválido: confira os campos ${fields}.`);
  }
  return parsed.data;
}

function send(res: http.ServerResponse, status: number, body: unknown, extraHeaders: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  });
  res.end(text);
}

function sendError(res: http.ServerResponse, status: number, code: LicenseErrorCode, message?: string, close = false, headers: Record<string, string> = {}): void {
  send(res, status, { error: { code, message: message ?? LICENSE_ERROR_MESSAGES[code] } }, { ...(close ? { connection: 'close' } : {}), ...headers });
}

/** The client's address: the socket's, or behind a trusted proxy the entry the proxy appended. */
export function clientAddress(req: http.IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const list = (Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? '')).split(',').map((s) => s.trim()).filter(Boolean);
    const last = list.at(-1);
    if (last) return last.slice(0, 64);
  }
  return req.socket.remoteAddress ?? 'unknown';
}

export function createRequestHandler(ctx: LicenseServerContext): http.RequestListener {
  const limit = ctx.config.maxBodyBytes ?? 64 * 1024;
  const { service, webhooks, logger } = ctx;
  const throttle = new AttemptThrottle(ctx.config.activateLimits ?? DEFAULT_ACTIVATE_LIMITS, ctx.config.now ?? Date.now);
  /** Every request that names a key counts against its address and its key's first symbols. */
  const throttleKey = (req: http.IncomingMessage, key: string) => {
    const format = validateKeyFormat(key);
    const verdict = throttle.attempt(clientAddress(req, ctx.config.trustProxy === true), format.ok ? format.normalized.slice(0, KEY_PREFIX_CHARS) : null);
    if (!verdict.ok) {
      logger.warn({ path: req.url, retryAfter: verdict.retryAfterSeconds }, 'key attempts throttled');
      throw new HttpError(429, 'license.too_many_attempts', tooManyAttemptsMessage(verdict.retryAfterSeconds), { 'retry-after': String(verdict.retryAfterSeconds) });
    }
  };

  const routes: Record<string, (body: string, req: http.IncomingMessage) => { status: number; body: unknown }> = {
    '/hotmart/webhook': (body, req) => {
      if (!hottokMatches(req.headers['x-hotmart-hottok'], ctx.config.hottok)) throw new HttpError(401, 'license.unauthorized');
      const envelope = validate(envelopeSchema, parseJson(body));
      const result = webhooks.handle(envelope, body);
      return { status: 200, body: { ok: true, duplicate: result.duplicate, outcome: result.outcome } };
    },
    '/activate': (body, req) => {
      const input = validate(activateSchema, parseJson(body));
      throttleKey(req, input.key);
      return { status: 200, body: service.activate({ key: input.key, machineId: input.machineId, appVersion: input.appVersion ?? null }) };
    },
    '/activate-offline': (body, req) => {
      const input = validate(offlineSchema, parseJson(body));
      const request = parseOfflineRequestCode(input.requestCode);
      if (!request.ok) throw new HttpError(400, 'license.bad_request_code');
      throttleKey(req, request.key);
      return {
        status: 200,
        body: service.activate({ key: request.key, machineId: request.machineId, appVersion: input.appVersion ?? null, offline: true }),
      };
    },
    '/deactivate': (body, req) => {
      const input = validate(deactivateSchema, parseJson(body));
      throttleKey(req, input.key);
      service.deactivate(input);
      return { status: 200, body: { ok: true } };
    },
    '/refresh': (body) => {
      const input = validate(refreshSchema, parseJson(body));
      return { status: 200, body: service.refresh(input.license) };
    },
  };

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/health') return send(res, 200, { ok: true });
    if (path.startsWith('/relay/')) return ctx.relay.handle(req, res, path, new URL(req.url ?? '/', 'http://relay'));
    const route = routes[path];
    if (!route) return sendError(res, 404, 'license.not_found');
    if (req.method !== 'POST') return sendError(res, 405, 'license.bad_request', 'Use POST neste endereço.');
    readBody(req, limit)
      .then((body) => {
        const result = route(body, req);
        send(res, result.status, result.body);
      })
      .catch((error: unknown) => {
        if (error instanceof HttpError) return sendError(res, error.status, error.code, error.message, error.status === 413, error.headers);
        if (error instanceof ServiceError) return sendError(res, error.status, error.code, error.message);
        logger.error({ path, err: (error as Error)?.message }, 'request failed');
        sendError(res, 500, 'license.server_error');
      });
  };
}

export async function startLicenseServer(config: LicenseServerConfig): Promise<RunningLicenseServer> {
  const context = createContext(config);
  const server = http.createServer(createRequestHandler(context));
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port ?? 8787, config.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    context.db.close();
    throw error;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  if (!context.publicUrl) context.publicUrl = `http://${host}:${address.port}`;
  let closed: Promise<void> | null = null;
  return {
    url: `http://${host}:${address.port}`,
    context,
    close() {
      closed ??= (async () => {
        context.relay.close();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await context.mailer.flush();
        context.db.close();
      })();
      return closed;
    },
  };
}

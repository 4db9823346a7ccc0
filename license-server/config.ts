// License server configuration from environment variables (see README.md).
import { readFileSync } from 'node:fs';
import { isPlanId, type PlanId } from '../shared/license/plans';
import { DEFAULT_ACTIVATE_LIMITS, type ActivateLimits } from './throttle';

export interface SmtpConfig {
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://user:pass@host:465. */
  url: string;
  from: string;
}

export interface LicenseServerConfig {
  /** 0 picks a free port (tests). Default 8787. */
  port?: number;
  /** Default 127.0.0.1: the server sits behind an HTTPS reverse proxy. */
  host?: string;
  /** SQLite file path; ':memory:' works for tests. */
  dbPath: string;
  /** Hotmart's X-HOTMART-HOTTOK secret. */
  hottok: string;
  /** Hotmart product id (as a string) → plan sold by that product. */
  products: Record<string, PlanId>;
  /** Ed25519 private key, PEM text. */
  signingKeyPem: string;
  /** Machines that may be active per license at once. Default 2. */
  maxMachines?: number;
  /** Self-service deactivations allowed per license per 24 h. Default 3. */
  deactivationsPerDay?: number;
  /** Token lifetime while the Hotmart guarantee is running. Default 7 days. */
  shortLifetimeDays?: number;
  /** Token lifetime after PURCHASE_COMPLETE (or for manual licenses). Default 30 days. */
  longLifetimeDays?: number;
  /** Extra days after a subscription's next charge date, to cover payment retries. Default 3. */
  chargeSlackDays?: number;
  /** Request body limit. Default 64 KB. */
  maxBodyBytes?: number;
  /** Attempts on the key endpoints per source address and per key prefix (see throttle.ts). */
  activateLimits?: ActivateLimits;
  /**
   * Behind a reverse proxy every request comes from 127.0.0.1: take the client address from the
   * last X-Forwarded-For entry (the one the proxy appended) instead. Only with a proxy that sets it.
   */
  trustProxy?: boolean;
  /**
   * Days one subscription charge pays for, per Hotmart product id ('*' for any), used when an
   * approval carries no date_next_charge (e.g. a renewal after a cancellation). Default 30.
   */
  periodDays?: Record<string, number>;
  smtp?: SmtpConfig | null;
  /**
   * The public HTTPS address of this server (LICENSE_PUBLIC_URL, e.g. https://licencas.sualoja.com.br):
   * the Cloud API webhook URLs of the relay are built on it. Default: the address it listens on.
   */
  publicUrl?: string;
  /** Bounds of the webhook relay's mailboxes (relay.ts). */
  relayLimits?: Partial<import('./relay').RelayLimits>;
  /** Injectable clock for tests (epoch ms). */
  now?: () => number;
  /** Minimal logger; defaults to a pino logger. */
  logger?: Logger;
}

export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses LICENSE_PRODUCTS: JSON object {"123":"basic"} or compact "123:basic,456:pro". */
export function parseProducts(text: string | undefined): Record<string, PlanId> {
  const products: Record<string, PlanId> = {};
  const trimmed = (text ?? '').trim();
  if (!trimmed) return products;
  let entries: [string, unknown][];
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      throw new ConfigError('LICENSE_PRODUCTS is not valid JSON');
    }
    entries = Object.entries(parsed as Record<string, unknown>);
  } else {
    entries = trimmed.split(',').map((pair) => {
      const [id, plan, ...rest] = pair.split(':').map((s) => s.trim());
      if (!id || rest.length) throw new ConfigError(`LICENSE_PRODUCTS: cannot read "${pair}" (expected productId:plan)`);
      return [id, plan];
    });
  }
  for (const [id, plan] of entries) {
    if (!/^\d+$/.test(id)) throw new ConfigError(`LICENSE_PRODUCTS: product id "${id}" is not a number`);
    if (id === '0') throw new ConfigError('LICENSE_PRODUCTS: product id 0 is Hotmart\'s test product');
    if (!isPlanId(plan)) throw new ConfigError(`LICENSE_PRODUCTS: unknown plan "${String(plan)}" for product ${id}`);
    products[id] = plan;
  }
  return products;
}

/** LICENSE_PERIOD_DAYS: "30" (every product) or "123:30,456:365" (per product). */
export function parsePeriodDays(text: string | undefined): Record<string, number> {
  const trimmed = (text ?? '').trim();
  if (!trimmed) return { '*': 30 };
  const out: Record<string, number> = { '*': 30 };
  for (const part of trimmed.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [a, b, ...rest] = part.split(':').map((x) => x.trim());
    const [id, days] = b === undefined ? ['*', a] : [a, b];
    const n = Number(days);
    if (rest.length || !Number.isInteger(n) || n < 1 || (id !== '*' && !/^\d+$/.test(id))) {
      throw new ConfigError(`LICENSE_PERIOD_DAYS: cannot read "${part}" (expected days or productId:days)`);
    }
    out[id] = n;
  }
  return out;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new ConfigError(`${name} must be an integer >= ${min}`);
  return value;
}

export interface LoadConfigOptions {
  /** Needed by the HTTP server; the admin CLI can run without it. */
  requireHottok?: boolean;
  /** Overrides LICENSE_DB. */
  dbPath?: string;
  /** Overrides LICENSE_SIGNING_KEY. */
  signingKeyPath?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: LoadConfigOptions = {}): LicenseServerConfig {
  const dbPath = options.dbPath ?? env.LICENSE_DB;
  if (!dbPath) throw new ConfigError('LICENSE_DB is not set (path to the SQLite file)');
  const keyPath = options.signingKeyPath ?? env.LICENSE_SIGNING_KEY;
  if (!keyPath) throw new ConfigError('LICENSE_SIGNING_KEY is not set (path to the Ed25519 private key PEM; create one with `npm run license-admin -- keygen --out DIR`)');
  let signingKeyPem: string;
  try {
    signingKeyPem = readFileSync(keyPath, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read LICENSE_SIGNING_KEY (${keyPath}): ${(error as Error).message}`);
  }
  const hottok = env.HOTMART_HOTTOK ?? '';
  if (options.requireHottok !== false && !hottok) throw new ConfigError('HOTMART_HOTTOK is not set (Hotmart → Ferramentas → Webhook → hottok)');
  const smtpUrl = env.SMTP_URL?.trim();
  if (smtpUrl && !env.SMTP_FROM) throw new ConfigError('SMTP_FROM is required when SMTP_URL is set');
  return {
    port: positiveInt(env, 'LICENSE_PORT', 8787, 0),
    host: env.LICENSE_HOST || '127.0.0.1',
    dbPath,
    hottok,
    products: parseProducts(env.LICENSE_PRODUCTS),
    signingKeyPem,
    maxMachines: positiveInt(env, 'LICENSE_MAX_MACHINES', 2),
    deactivationsPerDay: positiveInt(env, 'LICENSE_DEACTIVATIONS_PER_DAY', 3),
    shortLifetimeDays: positiveInt(env, 'LICENSE_SHORT_DAYS', 7),
    longLifetimeDays: positiveInt(env, 'LICENSE_LONG_DAYS', 30),
    activateLimits: {
      perIp: { max: positiveInt(env, 'LICENSE_ACTIVATE_PER_IP', DEFAULT_ACTIVATE_LIMITS.perIp.max), windowMs: DEFAULT_ACTIVATE_LIMITS.perIp.windowMs },
      perKeyPrefix: {
        max: positiveInt(env, 'LICENSE_ACTIVATE_PER_KEY_PREFIX', DEFAULT_ACTIVATE_LIMITS.perKeyPrefix.max),
        windowMs: DEFAULT_ACTIVATE_LIMITS.perKeyPrefix.windowMs,
      },
    },
    trustProxy: env.LICENSE_TRUST_PROXY === '1' || env.LICENSE_TRUST_PROXY === 'true',
    periodDays: parsePeriodDays(env.LICENSE_PERIOD_DAYS),
    smtp: smtpUrl ? { url: smtpUrl, from: env.SMTP_FROM! } : null,
    ...(env.LICENSE_PUBLIC_URL?.trim() ? { publicUrl: publicUrlOf(env.LICENSE_PUBLIC_URL.trim()) } : {}),
  };
}

/** LICENSE_PUBLIC_URL: the https:// address Meta posts webhooks to (http only for 127.0.0.1). */
function publicUrlOf(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`LICENSE_PUBLIC_URL: "${text}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1') throw new ConfigError('LICENSE_PUBLIC_URL must be https:// (Meta posts webhooks only to HTTPS)');
  return url.toString().replace(/\/+$/, '');
}

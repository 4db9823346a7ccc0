// App-side HTTP client for the seller's license server. Plain fetch (Node 20 /
// Electron main), typed pt-BR errors, a timeout on every call.
import { LICENSE_ERROR_MESSAGES, type LicenseClientErrorCode } from './errors';
import { validateKeyFormat } from './key-format';

export class LicenseClientError extends Error {
  readonly code: LicenseClientErrorCode;
  /** HTTP status when the server answered; undefined when it was unreachable. */
  readonly status?: number;
  constructor(code: LicenseClientErrorCode, message?: string, status?: number) {
    super(message ?? LICENSE_ERROR_MESSAGES[code]);
    this.name = 'LicenseClientError';
    this.code = code;
    this.status = status;
  }
}

export interface LicenseClientOptions {
  /** Base URL, e.g. "https://licencas.exemplo.com.br". */
  serverUrl: string;
  /** This machine's hashed id (machineId()). */
  machineId: string;
  appVersion?: string;
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
  /** Injectable for tests. */
  fetch?: typeof fetch;
}

export interface IssuedLicense {
  /** Signed token to persist and pass to verifyLicense(). */
  token: string;
  /** Epoch ms. */
  expiresAt: number;
}

const KNOWN_CODES = new Set<string>(Object.keys(LICENSE_ERROR_MESSAGES));

export class LicenseClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: LicenseClientOptions) {
    this.baseUrl = options.serverUrl.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /** Activates this machine; rejects an ill-formed key without calling the server. */
  async activate(key: string): Promise<IssuedLicense> {
    const normalized = this.checkKey(key);
    const body = await this.post('/activate', { key: normalized, machineId: this.options.machineId, appVersion: this.options.appVersion });
    return toIssued(body);
  }

  /** Renews a token that is still valid (including the offline grace period). */
  async refresh(token: string): Promise<IssuedLicense> {
    return toIssued(await this.post('/refresh', { license: token }));
  }

  /** Frees this machine's slot so the key can be used on another computer. */
  async deactivate(key: string): Promise<void> {
    const normalized = this.checkKey(key);
    await this.post('/deactivate', { key: normalized, machineId: this.options.machineId });
  }

  private checkKey(key: string): string {
    const format = validateKeyFormat(key);
    if (!format.ok) throw new LicenseClientError('license.invalid_key', format.message);
    return format.normalized;
  }

  private async post(path: string, payload: unknown): Promise<unknown> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      let response: Response;
      try {
        response = await this.fetchImpl(this.baseUrl + path, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(payload),
          signal: controller.signal,
        });
      } catch {
        throw new LicenseClientError(timedOut ? 'license.timeout' : 'license.offline');
      }
      let body: unknown;
      try {
        body = await response.json();
      } catch {
        if (timedOut) throw new LicenseClientError('license.timeout');
        // A captive portal or proxy page rather than our server.
        throw new LicenseClientError(response.ok ? 'license.server_error' : 'license.offline', undefined, response.status);
      }
      if (response.ok) return body;
      const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
      const code = typeof error?.code === 'string' && KNOWN_CODES.has(error.code) ? (error.code as LicenseClientErrorCode) : 'license.server_error';
      const message = typeof error?.message === 'string' && error.message ? error.message : undefined;
      throw new LicenseClientError(code, message, response.status);
    } finally {
      clearTimeout(timer);
    }
  }
}

function toIssued(body: unknown): IssuedLicense {
  const { license, expiresAt } = (body ?? {}) as { license?: unknown; expiresAt?: unknown };
  if (typeof license !== 'string' || typeof expiresAt !== 'number') throw new LicenseClientError('license.server_error');
  return { token: license, expiresAt };
}

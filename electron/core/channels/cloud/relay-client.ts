/**
 * The app's side of the webhook relay on the seller's license server (license-server/relay/).
 * Meta posts webhooks to a public mailbox URL; the app, which has no public address, pulls its
 * mailbox with a long poll authenticated by its signed license, applies the events and
 * acknowledges them. Nothing secret leaves the PC: the relay stores Meta's raw bodies and
 * signatures, and only the app (with the app secret) can check them.
 */
import type { Logger } from '../../log/logger';
import { jsonBody } from './json-body';

export interface RelayCredentials {
  /** The license server, e.g. https://licencas.sualoja.com.br. */
  serverUrl: string;
  /** This computer's signed license token. */
  token: string;
}

export interface RelayEvent {
  id: number;
  receivedAt: number;
  signature: string | null;
  body: Uint8Array;
}

export interface RelayPullerOptions {
  credentials: () => RelayCredentials | null;
  logger: Pick<Logger, 'warn' | 'info'>;
  fetch?: typeof fetch;
  /** Long-poll wait asked of the relay (s); default 25. */
  waitSeconds?: number;
}

export class RelayError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

const BACKOFF_MS = [2_000, 5_000, 15_000, 30_000, 60_000];

export class RelayPuller {
  private readonly fetchImpl: typeof fetch;
  private stopped = false;
  private current: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(private readonly o: RelayPullerOptions) {
    this.fetchImpl = o.fetch ?? globalThis.fetch;
  }

  /** POST /relay/mailboxes: a new mailbox with an unguessable webhook URL and verify token. */
  async createMailbox(numberId: number): Promise<{ mailboxId: string; webhookUrl: string; verifyToken: string }> {
    const body = (await this.call('POST', '/relay/mailboxes', { label: `numero-${numberId}` })) as { mailboxId?: string; webhookUrl?: string; verifyToken?: string };
    if (!body.mailboxId || !body.webhookUrl || !body.verifyToken) throw new RelayError('relay.bad_answer', 'O servidor de licenças respondeu de um jeito inesperado ao criar a caixa de webhooks.');
    return { mailboxId: body.mailboxId, webhookUrl: body.webhookUrl, verifyToken: body.verifyToken };
  }

  /** Pulls until stop(): apply each page, then acknowledge it. */
  run(o: { mailboxId: string; cursor: () => number; apply: (events: RelayEvent[]) => void; onState: (error: string | null) => void }): void {
    this.loop = (async () => {
      let failures = 0;
      while (!this.stopped) {
        if (!this.o.credentials()) {
          o.onState('no_license');
          await this.pause(60_000);
          continue;
        }
        try {
          const after = o.cursor();
          const res = (await this.call('GET', `/relay/mailboxes/${encodeURIComponent(o.mailboxId)}/events?after=${after}&wait=${this.o.waitSeconds ?? 25}&limit=100`, undefined, ((this.o.waitSeconds ?? 25) + 15) * 1000)) as {
            events?: Array<{ id: number; receivedAt: number; signature: string | null; body: string }>;
          };
          const events = (res.events ?? []).filter((e) => e.id > after).map((e) => ({ id: e.id, receivedAt: e.receivedAt, signature: e.signature, body: Buffer.from(e.body, 'base64') }));
          if (events.length) {
            o.apply(events);
            await this.call('POST', `/relay/mailboxes/${encodeURIComponent(o.mailboxId)}/ack`, { upTo: events.at(-1)!.id }).catch((err: unknown) => {
              // The cursor is saved locally: the next pull skips these even if the ack was lost.
              this.o.logger.warn({ code: (err as RelayError).code }, 'relay ack failed');
            });
          }
          failures = 0;
          o.onState(null);
        } catch (err) {
          if (this.stopped) break;
          const e = err as RelayError;
          o.onState(e instanceof RelayError ? e.message : 'Sem conexão com o servidor de licenças (relay de webhooks).');
          this.o.logger.warn({ code: e.code ?? 'network', status: e.status ?? null }, 'relay pull failed');
          await this.pause(BACKOFF_MS[Math.min(failures++, BACKOFF_MS.length - 1)]);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.abort();
    this.wake?.();
    await this.loop?.catch(() => {});
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  private async call(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown, timeoutMs = 20_000): Promise<unknown> {
    const creds = this.o.credentials();
    if (!creds) throw new RelayError('relay.no_license', 'Ative uma licença para receber status e respostas da API oficial.');
    const controller = new AbortController();
    this.current = controller;
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let res: Response;
    try {
      res = await this.fetchImpl(`${creds.serverUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${creds.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: controller.signal,
      });
    } catch {
      throw new RelayError('relay.unreachable', 'Sem conexão com o servidor de licenças (relay de webhooks). Tentando de novo.');
    } finally {
      clearTimeout(timer);
      if (this.current === controller) this.current = null;
    }
    const parsed = await jsonBody(res);
    if (!res.ok) {
      const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new RelayError(err?.code ?? 'relay.http_error', err?.message ?? `O servidor de licenças respondeu ${res.status} ao relay de webhooks.`, res.status);
    }
    return parsed;
  }
}

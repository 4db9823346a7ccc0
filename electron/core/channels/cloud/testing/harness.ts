/**
 * A whole core with Cloud API numbers against the Graph stand-in, for integration tests. Webhooks
 * reach the core through `directWebhooks` (a local receiver that hands each signed body to the
 * Cloud service, as the relay puller does) unless a test wires the real relay instead.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { callCore, coreCaller, type CoreCall } from '../../../../../tests/helpers/core';
import { makeTempDir } from '../../../../../tests/helpers/temp-dir';
import { createCore, type Core } from '../../../core';
import { silentLogger } from '../../../log/logger';
import { GRAPH_TEST_URL_ENV } from '../graph-config';
import { GraphStandIn, TEST_ACCOUNT, testTemplates, type StandInAccount, type StandInTemplate } from './graph-server';

export interface CloudWorld {
  graph: GraphStandIn;
  core: Core;
  dir: string;
  events: Array<{ name: string; payload: any }>;
  call: CoreCall;
  one(sql: string, ...params: unknown[]): any;
  all(sql: string, ...params: unknown[]): any[];
  /** Adds the stand-in's account as a Cloud number through the API ("Testar conexão" + add). */
  addCloudNumber(account?: StandInAccount, label?: string): Promise<number>;
  /** Webhooks go straight to the core's Cloud service for `numberId` (no relay). */
  directWebhooks(numberId: number): Promise<void>;
  reopen(): Promise<void>;
  /** The PC is off: the core closes (until resume()). */
  suspend(): Promise<void>;
  resume(): void;
  close(): Promise<void>;
}

export async function cloudWorld(
  o: { accounts?: StandInAccount[]; templates?: Record<string, StandInTemplate[]>; env?: Record<string, string>; core?: Pick<Parameters<typeof createCore>[0], 'testLicensePublicKeyPem'> } = {},
): Promise<CloudWorld> {
  const accounts = o.accounts ?? [TEST_ACCOUNT];
  const graph = new GraphStandIn({ accounts, templates: o.templates ?? { [TEST_ACCOUNT.wabaId]: testTemplates() } });
  await graph.start();
  const savedEnv: Record<string, string | undefined> = {};
  const env = { [GRAPH_TEST_URL_ENV]: graph.url, NODE_ENV: 'test', ...o.env };
  for (const [k, v] of Object.entries(env)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  const tmp = makeTempDir('recado-cloud-');
  const events: Array<{ name: string; payload: any }> = [];
  let receiver: http.Server | null = null;
  let core!: Core;
  let suspended = false;
  // False while the core is closed or closing: a delivery then gets a 503 (Meta retries non-2xx)
  // instead of reaching a closed database.
  let accepting = false;
  const open = () => {
    core = createCore({ dataDir: tmp.dir, mode: 'browser', logger: silentLogger(), ...o.core });
    core.subscribe((name, payload) => events.push({ name, payload }));
    accepting = true;
  };
  const shut = async () => {
    accepting = false;
    await core.close();
  };
  open();
  const world: CloudWorld = {
    graph,
    get core() {
      return core;
    },
    dir: tmp.dir,
    events,
    // The core of the moment: a test may restart it.
    call: coreCaller(() => core),
    one: (sql, ...p) => core.context.db.prepare(sql).get(...p),
    all: (sql, ...p) => core.context.db.prepare(sql).all(...p),
    async addCloudNumber(account = accounts[0], label = 'API oficial') {
      const { numberId } = await callCore(core, 'cloud.addNumber', {
        label,
        phoneNumberId: account.phoneNumberId,
        wabaId: account.wabaId,
        token: account.token,
        appSecret: account.appSecret,
      });
      return numberId;
    },
    async directWebhooks(numberId) {
      receiver = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://x');
        if (req.method === 'GET') {
          res.end(url.searchParams.get('hub.challenge') ?? '');
          return;
        }
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          if (!accepting) {
            res.writeHead(503).end('core closed');
            return;
          }
          core.services.cloud.applyWebhook(numberId, Buffer.concat(chunks), (req.headers['x-hub-signature-256'] as string | undefined) ?? null);
          res.writeHead(200).end('ok');
        });
      });
      await new Promise<void>((r) => receiver!.listen(0, '127.0.0.1', r));
      await graph.registerWebhook(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, 'x');
    },
    async reopen() {
      await shut();
      open();
    },
    async suspend() {
      await shut();
      suspended = true;
    },
    resume() {
      suspended = false;
      open();
    },
    async close() {
      accepting = false;
      if (receiver) await new Promise<void>((r) => receiver!.close(() => r()));
      if (!suspended) await core.close();
      await graph.stop();
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      tmp.cleanup();
    },
  };
  return world;
}

/** Polls until `fn` returns something truthy. */
export async function until<T>(fn: () => T | undefined | null | false, what: string, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

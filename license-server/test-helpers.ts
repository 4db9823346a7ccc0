// Shared fixtures for the license server tests (not a test file itself).
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LicenseServerConfig, Logger } from './config';
import { startLicenseServer, type RunningLicenseServer } from './server';

export const DAY = 86_400_000;
export const HOTTOK = 'test-hottok-3f9a';
export const PRODUCT_BASIC = 1234567;
export const PRODUCT_PRO = 7654321;

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TestServer extends RunningLicenseServer {
  dir: string;
  publicKeyPem: string;
  privateKeyPem: string;
  clock: { now: number };
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  webhook(envelope: unknown, hottok?: string): Promise<{ status: number; body: any }>;
  cleanup(): Promise<void>;
}

export async function startTestServer(overrides: Partial<LicenseServerConfig> = {}): Promise<TestServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'recado-license-'));
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateKeyPem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  const publicKeyPem = publicKey.export({ format: 'pem', type: 'spki' }).toString();
  const clock = { now: Date.UTC(2025, 2, 10, 15) };
  const server = await startLicenseServer({
    port: 0,
    host: '127.0.0.1',
    dbPath: path.join(dir, 'licenses.db'),
    hottok: HOTTOK,
    products: { [String(PRODUCT_BASIC)]: 'basic', [String(PRODUCT_PRO)]: 'pro' },
    signingKeyPem: privateKeyPem,
    maxMachines: 2,
    logger: silentLogger,
    now: () => clock.now,
    ...overrides,
  });
  const post = async (p: string, body: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(server.url + p, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };
  return {
    ...server,
    dir,
    publicKeyPem,
    privateKeyPem,
    clock,
    post,
    webhook: (envelope, hottok = HOTTOK) => post('/hotmart/webhook', envelope, { 'X-HOTMART-HOTTOK': hottok }),
    async cleanup() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let eventCounter = 0;

export interface PurchaseOptions {
  id?: string;
  transaction?: string;
  productId?: number;
  email?: string;
  name?: string;
  subscriber?: string;
  dateNextCharge?: number;
  recurrence?: number;
  approvedDate?: number;
}

/** A Hotmart postback v2.0.0 purchase event (shape from Hotmart's docs). */
export function purchaseEvent(event: string, o: PurchaseOptions = {}) {
  return {
    id: o.id ?? `evt-${++eventCounter}-${event.toLowerCase()}`,
    creation_date: Date.UTC(2025, 2, 10, 15),
    event,
    version: '2.0.0',
    data: {
      product: { id: o.productId ?? PRODUCT_BASIC, ucode: 'fb056612-bcc6-4217-9e6d-2a5d1110ac2f', name: 'Recado' },
      buyer: { email: o.email ?? 'Comprador@Example.com', name: o.name ?? 'Maria da Silva', checkout_phone: '99999999900' },
      producer: { name: 'Vendedor' },
      purchase: {
        transaction: o.transaction ?? 'HP16015479281022',
        status: event === 'PURCHASE_COMPLETE' ? 'COMPLETED' : event === 'PURCHASE_APPROVED' ? 'APPROVED' : 'REFUNDED',
        approved_date: o.approvedDate ?? Date.UTC(2025, 2, 10, 14),
        order_date: Date.UTC(2025, 2, 10, 14),
        price: { value: 197, currency_value: 'BRL' },
        payment: { type: 'PIX', installments_number: 1 },
        offer: { code: 'test' },
        order_bump: { is_order_bump: false },
        ...(o.recurrence ? { recurrence_number: o.recurrence } : {}),
        ...(o.dateNextCharge !== undefined ? { date_next_charge: o.dateNextCharge } : {}),
      },
      ...(o.subscriber
        ? { subscription: { status: 'ACTIVE', plan: { id: 123, name: 'Mensal' }, subscriber: { code: o.subscriber } } }
        : {}),
    },
    hottok: HOTTOK,
  };
}

export function cancellationEvent(o: { id?: string; subscriber: string; productId?: number; dateNextCharge: number }) {
  return {
    id: o.id ?? `evt-${++eventCounter}-cancel`,
    creation_date: Date.UTC(2025, 2, 20),
    event: 'SUBSCRIPTION_CANCELLATION',
    version: '2.0.0',
    data: {
      date_next_charge: o.dateNextCharge,
      product: { name: 'Recado', id: o.productId ?? PRODUCT_BASIC },
      actual_recurrence_value: 49.9,
      subscriber: { code: o.subscriber, name: 'Maria da Silva', email: 'comprador@example.com' },
      subscription: { id: 4148584, plan: { id: 123, name: 'Mensal' } },
      cancellation_date: Date.UTC(2025, 2, 20),
    },
  };
}

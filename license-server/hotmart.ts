// Hotmart postback v2.0.0 handling. Decisions are made by `event`, never by
// `purchase.status`. Every authenticated delivery is stored (idempotent by the
// event id); unknown products and the "test" product (id 0) are stored and
// otherwise ignored.
import { timingSafeEqual, createHash } from 'node:crypto';
import { z } from 'zod';
import { PLANS, type PlanId } from '../shared/license/plans';
import type { Logger } from './config';
import type { Db } from './db';
import type { LicenseService } from './licenses';
import { licenseKeyEmail, type Mailer } from './mailer';

const DAY_MS = 86_400_000;

/** Constant-time hottok check. Both sides are hashed first so lengths always match. */
export function hottokMatches(received: string | string[] | undefined, expected: string): boolean {
  if (!expected || typeof received !== 'string') return false;
  const a = createHash('sha256').update(received).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

const id = z.union([z.string(), z.number()]).transform(String);
const date = z.union([z.number(), z.string()]).optional().nullable();

export const envelopeSchema = z.object({
  id: z.string().min(1).max(200),
  creation_date: date,
  event: z.string().min(1).max(100),
  version: z.string().max(20).optional(),
  data: z.record(z.string(), z.unknown()),
});

export type HotmartEnvelope = z.infer<typeof envelopeSchema>;

const purchaseDataSchema = z.object({
  product: z.object({ id, name: z.string().optional() }).loose().optional(),
  buyer: z.object({ email: z.string().optional(), name: z.string().optional().nullable() }).loose().optional(),
  purchase: z
    .object({
      transaction: z.string().optional(),
      status: z.string().optional(),
      approved_date: date,
      date_next_charge: date,
      recurrence_number: z.number().optional().nullable(),
    })
    .loose()
    .optional(),
  subscription: z
    .object({ status: z.string().optional(), subscriber: z.object({ code: z.string().optional() }).loose().optional().nullable() })
    .loose()
    .optional()
    .nullable(),
});

const cancellationDataSchema = z.object({
  subscriber: z.object({ code: z.string().optional(), email: z.string().optional(), name: z.string().optional().nullable() }).loose().optional(),
  subscription: z.object({ id: id.optional() }).loose().optional().nullable(),
  product: z.object({ id }).loose().optional(),
  cancellation_date: date,
  date_next_charge: date,
});

/** Hotmart sends epoch ms; tolerate seconds and ISO strings. */
export function toEpochMs(value: number | string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number' || /^\d+$/.test(value)) {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) return null;
    return n < 1e11 ? n * 1000 : n;
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

const REVOKING_EVENTS = new Set(['PURCHASE_REFUNDED', 'PURCHASE_CHARGEBACK', 'PURCHASE_CANCELED']);
const EMAIL = /^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$/;

export type WebhookOutcome =
  | 'applied'
  | 'ignored_test'
  | 'ignored_product'
  | 'ignored_event'
  | 'ignored_version'
  | 'ignored_invalid'
  | 'ignored_revoked'
  | 'ignored_no_license'
  | 'error';

export interface WebhookResult {
  duplicate: boolean;
  outcome: WebhookOutcome;
  licenseId: string | null;
}

interface Decision {
  outcome: WebhookOutcome;
  licenseId?: string | null;
  note?: string;
  /** Email to queue once the transaction has committed. */
  email?: { licenseId: string; to: string; name: string | null; key: string; plan: PlanId };
}

interface HandlerDeps {
  db: Db;
  service: LicenseService;
  mailer: Mailer;
  products: Record<string, PlanId>;
  maxMachines: number;
  chargeSlackDays: number;
  /** Days one charge pays for, per product id ('*' = any); see LicenseServerConfig.periodDays. */
  periodDays?: Record<string, number>;
  logger: Logger;
  now: () => number;
}

export class HotmartWebhookHandler {
  constructor(private readonly deps: HandlerDeps) {}

  /** Processes one authenticated, parsed envelope. Throws only on internal errors. */
  handle(envelope: HotmartEnvelope, rawPayload: string): WebhookResult {
    const { db, logger } = this.deps;
    const previous = db.prepare('SELECT outcome, license_id FROM webhook_events WHERE id = ?').get(envelope.id) as
      | { outcome: WebhookOutcome; license_id: string | null }
      | undefined;
    // Failed deliveries are retried by Hotmart; everything else is final.
    if (previous && previous.outcome !== 'error') return { duplicate: true, outcome: previous.outcome, licenseId: previous.license_id };

    const refs = extractRefs(envelope);
    const store = (decision: Decision) =>
      db
        .prepare(
          `INSERT OR REPLACE INTO webhook_events (id, event, creation_date, received_at, product_id, transaction_code, subscriber_code, outcome, license_id, note, payload)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          envelope.id,
          envelope.event,
          toEpochMs(envelope.creation_date),
          this.deps.now(),
          refs.productId,
          refs.transaction,
          refs.subscriber,
          decision.outcome,
          decision.licenseId ?? null,
          decision.note ?? null,
          rawPayload,
        );

    let decision: Decision;
    try {
      decision = db.transaction(() => {
        const d = this.decide(envelope, refs);
        store(d);
        return d;
      })();
    } catch (error) {
      store({ outcome: 'error', note: String((error as Error).message).slice(0, 500) });
      throw error;
    }
    logger.info({ eventId: envelope.id, event: envelope.event, outcome: decision.outcome, licenseId: decision.licenseId ?? null }, 'hotmart webhook');
    if (decision.email) {
      const { subject, body } = licenseKeyEmail({
        name: decision.email.name,
        key: decision.email.key,
        planLabel: PLANS[decision.email.plan].label,
        maxMachines: this.deps.maxMachines,
      });
      this.deps.mailer.queue({ licenseId: decision.email.licenseId, to: decision.email.to, subject, body });
    }
    return { duplicate: false, outcome: decision.outcome, licenseId: decision.licenseId ?? null };
  }

  private decide(envelope: HotmartEnvelope, refs: Refs): Decision {
    if (envelope.version !== undefined && envelope.version !== '2.0.0') return { outcome: 'ignored_version', note: `version ${envelope.version}` };
    if (refs.productId === '0') return { outcome: 'ignored_test' };
    if (refs.productId === null) return { outcome: 'ignored_invalid', note: 'no product id' };
    const plan = this.deps.products[refs.productId];
    if (!plan) return { outcome: 'ignored_product', note: `product ${refs.productId} not in LICENSE_PRODUCTS` };

    const event = envelope.event;
    if (event === 'SUBSCRIPTION_CANCELLATION') return this.onCancellation(envelope);
    if (event !== 'PURCHASE_APPROVED' && event !== 'PURCHASE_COMPLETE' && !REVOKING_EVENTS.has(event)) return { outcome: 'ignored_event' };

    const parsed = purchaseDataSchema.safeParse(envelope.data);
    if (!parsed.success || !refs.transaction) return { outcome: 'ignored_invalid', note: 'purchase data without a transaction' };
    const data = parsed.data;
    const { service } = this.deps;
    const byTransaction = service.findByTransaction(refs.transaction);

    if (REVOKING_EVENTS.has(event)) {
      if (!byTransaction) return { outcome: 'ignored_no_license', note: 'no license for this transaction (kept to block a late approval)' };
      service.revoke(byTransaction.id, `${event} ${refs.transaction} (${envelope.id})`);
      return { outcome: 'applied', licenseId: byTransaction.id };
    }

    // APPROVED or COMPLETE from here on. Deliveries can arrive out of order: a
    // refund recorded before the approval must win.
    if (this.transactionWasRevoked(refs.transaction)) return { outcome: 'ignored_revoked', note: 'transaction already refunded/cancelled' };
    const complete = event === 'PURCHASE_COMPLETE';
    const slack = this.deps.chargeSlackDays * DAY_MS;
    const nextCharge = toEpochMs(data.purchase?.date_next_charge);
    // A subscription is paid up to its next charge (+ slack for payment retries).
    const endsAt = nextCharge !== null ? nextCharge + slack : undefined;
    const detail = `${event} ${refs.transaction} (${envelope.id})`;

    if (byTransaction) {
      if (byTransaction.status === 'revoked') return { outcome: 'ignored_revoked', licenseId: byTransaction.id };
      service.extend(byTransaction.id, { plan, endsAt: endsAt === undefined ? undefined : Math.max(endsAt, byTransaction.ends_at ?? 0) }, detail);
      if (complete && !byTransaction.guarantee_over) service.markGuaranteeOver(byTransaction.id, detail);
      return { outcome: 'applied', licenseId: byTransaction.id };
    }

    const bySubscriber = refs.subscriber ? service.findBySubscriber(refs.subscriber) : null;
    if (bySubscriber) {
      // A renewal charge: same license, new transaction, pushed end date. Without a next charge
      // date (Hotmart sends 0 when a cancelled subscription is bought again) the charge pays for
      // one period from its approval; an end date is never pulled earlier.
      let renewedEnd = endsAt ?? bySubscriber.ends_at;
      if (endsAt === undefined && bySubscriber.ends_at !== null) {
        const approved = toEpochMs(data.purchase?.approved_date) ?? this.deps.now();
        renewedEnd = Math.max(bySubscriber.ends_at, approved + this.periodDays(refs.productId) * DAY_MS + slack);
      }
      service.linkTransaction(bySubscriber.id, refs.transaction);
      service.extend(bySubscriber.id, { plan, endsAt: renewedEnd, reactivate: true }, detail);
      if (complete && !bySubscriber.guarantee_over) service.markGuaranteeOver(bySubscriber.id, detail);
      return { outcome: 'applied', licenseId: bySubscriber.id };
    }

    const email = data.buyer?.email?.trim().toLowerCase();
    if (!email || !EMAIL.test(email)) return { outcome: 'ignored_invalid', note: 'purchase without a buyer email' };
    const { license, key } = service.issue({
      email,
      name: data.buyer?.name ?? null,
      plan,
      source: 'hotmart',
      productId: refs.productId,
      transaction: refs.transaction,
      subscriber: refs.subscriber,
      endsAt: endsAt ?? null,
      guaranteeOver: complete,
      detail,
    });
    return { outcome: 'applied', licenseId: license.id, email: { licenseId: license.id, to: email, name: data.buyer?.name ?? null, key, plan } };
  }

  private onCancellation(envelope: HotmartEnvelope): Decision {
    const parsed = cancellationDataSchema.safeParse(envelope.data);
    const code = parsed.success ? parsed.data.subscriber?.code : undefined;
    if (!parsed.success || !code) return { outcome: 'ignored_invalid', note: 'cancellation without subscriber code' };
    const license = this.deps.service.findBySubscriber(code);
    if (!license) return { outcome: 'ignored_no_license' };
    const endsAt = toEpochMs(parsed.data.date_next_charge) ?? toEpochMs(parsed.data.cancellation_date) ?? this.deps.now();
    this.deps.service.setEnd(license.id, endsAt, `SUBSCRIPTION_CANCELLATION (${envelope.id})`);
    return { outcome: 'applied', licenseId: license.id };
  }

  private periodDays(productId: string): number {
    const table = this.deps.periodDays ?? {};
    return table[productId] ?? table['*'] ?? 30;
  }

  private transactionWasRevoked(transaction: string): boolean {
    const placeholders = [...REVOKING_EVENTS].map(() => '?').join(',');
    const row = this.deps.db
      .prepare(`SELECT 1 FROM webhook_events WHERE transaction_code = ? AND event IN (${placeholders}) AND outcome IN ('applied', 'ignored_no_license') LIMIT 1`)
      .get(transaction, ...REVOKING_EVENTS);
    return row !== undefined;
  }
}

interface Refs {
  productId: string | null;
  transaction: string | null;
  subscriber: string | null;
}

function extractRefs(envelope: HotmartEnvelope): Refs {
  const data = envelope.data as {
    product?: { id?: unknown };
    purchase?: { transaction?: unknown };
    subscription?: { subscriber?: { code?: unknown } } | null;
    subscriber?: { code?: unknown };
  };
  const str = (v: unknown) => (typeof v === 'string' && v ? v.slice(0, 100) : typeof v === 'number' ? String(v) : null);
  return {
    productId: str(data.product?.id),
    transaction: str(data.purchase?.transaction),
    subscriber: str(data.subscription?.subscriber?.code) ?? str(data.subscriber?.code),
  };
}

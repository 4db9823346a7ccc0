// License lifecycle: issue, extend, revoke, activate machines, sign tokens.
// All methods are synchronous SQLite work; the HTTP layer and the Hotmart
// handler call them. Errors are ServiceError with a machine code + pt-BR text.
import { createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { LICENSE_ERROR_MESSAGES, type LicenseErrorCode } from '../shared/license/errors';
import { generateLicenseKey, validateKeyFormat } from '../shared/license/key-format';
import { PLANS, planLimits, type PlanId } from '../shared/license/plans';
import { decodeUnverified, signLicense } from '../shared/license/token';
import { verifyLicense } from '../shared/license/verify';
import type { Db } from './db';
import { hashKey, hashKeyInput, KeyVault } from './key-vault';

const DAY_MS = 86_400_000;

export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: LicenseErrorCode,
    readonly status: number,
    message: string = LICENSE_ERROR_MESSAGES[code],
  ) {
    super(message);
  }
}

export interface LicenseRow {
  id: string;
  email: string;
  name: string | null;
  plan: PlanId;
  source: 'hotmart' | 'manual';
  product_id: string | null;
  transaction_code: string | null;
  subscriber_code: string | null;
  key_hash: string;
  key_enc: string;
  status: 'active' | 'revoked';
  guarantee_over: number;
  ends_at: number | null;
  created_at: number;
  updated_at: number;
  revoked_at: number | null;
  revoke_reason: string | null;
}

export interface ActivationRow {
  id: number;
  license_id: string;
  machine_id: string;
  app_version: string | null;
  offline: number;
  activated_at: number;
  last_seen_at: number;
  deactivated_at: number | null;
}

export interface IssueInput {
  email: string;
  name?: string | null;
  plan: PlanId;
  source: 'hotmart' | 'manual';
  productId?: string | null;
  transaction?: string | null;
  subscriber?: string | null;
  endsAt?: number | null;
  guaranteeOver: boolean;
  /** Audit detail, e.g. the Hotmart event id. */
  detail?: string;
}

export interface SignedLicense {
  license: string;
  expiresAt: number;
}

export interface LicenseServiceOptions {
  signingKey: KeyObject;
  maxMachines: number;
  deactivationsPerDay: number;
  shortLifetimeDays: number;
  longLifetimeDays: number;
  now: () => number;
}

export interface LicenseListItem {
  id: string;
  key: string | null;
  email: string;
  plan: PlanId;
  status: 'active' | 'revoked' | 'ended';
  source: string;
  transaction: string | null;
  guaranteeOver: boolean;
  endsAt: number | null;
  createdAt: number;
  activeMachines: number;
}

export class LicenseService {
  readonly vault: KeyVault;
  readonly publicKey: KeyObject;

  constructor(
    readonly db: Db,
    readonly options: LicenseServiceOptions,
  ) {
    this.vault = new KeyVault(options.signingKey);
    this.publicKey = createPublicKey(options.signingKey);
  }

  static fromPem(db: Db, pem: string, options: Omit<LicenseServiceOptions, 'signingKey'>): LicenseService {
    return new LicenseService(db, { ...options, signingKey: createPrivateKey(pem) });
  }

  private now(): number {
    return this.options.now();
  }

  logEvent(licenseId: string, kind: string, detail?: string | null): void {
    this.db
      .prepare('INSERT INTO license_events (license_id, at, kind, detail) VALUES (?, ?, ?, ?)')
      .run(licenseId, this.now(), kind, detail ?? null);
  }

  // ---- lookup ------------------------------------------------------------

  get(id: string): LicenseRow | null {
    return (this.db.prepare('SELECT * FROM licenses WHERE id = ?').get(id) as LicenseRow | undefined) ?? null;
  }

  findByKey(input: string): LicenseRow | null {
    const hash = hashKeyInput(input);
    if (!hash) return null;
    return (this.db.prepare('SELECT * FROM licenses WHERE key_hash = ?').get(hash) as LicenseRow | undefined) ?? null;
  }

  /** A license by its key (any accepted spelling) or by its "lic_..." id. */
  findByRef(ref: string): LicenseRow | null {
    return ref.trim().startsWith('lic_') ? this.get(ref.trim()) : this.findByKey(ref);
  }

  findByTransaction(transaction: string): LicenseRow | null {
    const row = this.db
      .prepare('SELECT l.* FROM license_transactions t JOIN licenses l ON l.id = t.license_id WHERE t.transaction_code = ?')
      .get(transaction) as LicenseRow | undefined;
    return row ?? null;
  }

  findBySubscriber(subscriber: string): LicenseRow | null {
    const row = this.db
      .prepare('SELECT * FROM licenses WHERE subscriber_code = ? ORDER BY created_at DESC LIMIT 1')
      .get(subscriber) as LicenseRow | undefined;
    return row ?? null;
  }

  // ---- lifecycle ---------------------------------------------------------

  issue(input: IssueInput): { license: LicenseRow; key: string } {
    const key = generateLicenseKey();
    const id = `lic_${randomBytes(8).toString('hex')}`;
    const now = this.now();
    const issue = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO licenses (id, email, name, plan, source, product_id, transaction_code, subscriber_code,
             key_hash, key_enc, status, guarantee_over, ends_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?)`,
        )
        .run(
          id,
          input.email.trim().toLowerCase(),
          input.name ?? null,
          input.plan,
          input.source,
          input.productId ?? null,
          input.transaction ?? null,
          input.subscriber ?? null,
          hashKey(key),
          this.vault.encrypt(key),
          input.guaranteeOver ? 1 : 0,
          input.endsAt ?? null,
          now,
          now,
        );
      if (input.transaction) this.linkTransaction(id, input.transaction);
      this.logEvent(id, 'issued', input.detail ?? `${input.source}; plano ${input.plan}`);
    });
    issue();
    return { license: this.get(id)!, key };
  }

  linkTransaction(licenseId: string, transaction: string): void {
    this.db.prepare('INSERT OR IGNORE INTO license_transactions (transaction_code, license_id) VALUES (?, ?)').run(transaction, licenseId);
  }

  /** Applies a renewal / repeated approval: plan, end date, reactivation. */
  extend(licenseId: string, changes: { plan?: PlanId; endsAt?: number | null; reactivate?: boolean }, detail?: string): void {
    const row = this.get(licenseId);
    if (!row) return;
    const now = this.now();
    const plan = changes.plan ?? row.plan;
    const endsAt = changes.endsAt === undefined ? row.ends_at : changes.endsAt;
    const reactivate = changes.reactivate && row.status === 'revoked';
    this.db
      .prepare(
        `UPDATE licenses SET plan = ?, ends_at = ?, updated_at = ?,
           status = CASE WHEN ? THEN 'active' ELSE status END,
           revoked_at = CASE WHEN ? THEN NULL ELSE revoked_at END,
           revoke_reason = CASE WHEN ? THEN NULL ELSE revoke_reason END
         WHERE id = ?`,
      )
      .run(plan, endsAt, now, reactivate ? 1 : 0, reactivate ? 1 : 0, reactivate ? 1 : 0, licenseId);
    this.logEvent(licenseId, reactivate ? 'reactivated' : 'extended', detail ?? null);
  }

  markGuaranteeOver(licenseId: string, detail?: string): void {
    this.db.prepare('UPDATE licenses SET guarantee_over = 1, updated_at = ? WHERE id = ?').run(this.now(), licenseId);
    this.logEvent(licenseId, 'guarantee_over', detail ?? null);
  }

  /** Schedules the end of a license (subscription cancelled): tokens never outlive it. */
  setEnd(licenseId: string, endsAt: number, detail?: string): void {
    this.db.prepare('UPDATE licenses SET ends_at = ?, updated_at = ? WHERE id = ?').run(endsAt, this.now(), licenseId);
    this.logEvent(licenseId, 'end_scheduled', `${new Date(endsAt).toISOString()}${detail ? `; ${detail}` : ''}`);
  }

  revoke(licenseId: string, reason: string): boolean {
    const now = this.now();
    const result = this.db
      .prepare("UPDATE licenses SET status = 'revoked', revoked_at = ?, revoke_reason = ?, updated_at = ? WHERE id = ? AND status <> 'revoked'")
      .run(now, reason, now, licenseId);
    if (result.changes > 0) this.logEvent(licenseId, 'revoked', reason);
    return result.changes > 0;
  }

  // ---- tokens & machines -------------------------------------------------

  /** Expiry of a token signed now: short during the guarantee, long after, never past ends_at. */
  tokenExpiry(row: LicenseRow): number {
    const days = row.guarantee_over ? this.options.longLifetimeDays : this.options.shortLifetimeDays;
    const expiresAt = this.now() + days * DAY_MS;
    return row.ends_at === null ? expiresAt : Math.min(expiresAt, row.ends_at);
  }

  private assertUsable(row: LicenseRow): void {
    if (row.status === 'revoked') throw new ServiceError('license.revoked', 403);
    if (row.ends_at !== null && row.ends_at <= this.now()) throw new ServiceError('license.ended', 403);
  }

  private sign(row: LicenseRow, machine: string): SignedLicense {
    const expiresAt = this.tokenExpiry(row);
    const license = signLicense(
      {
        licenseId: row.id,
        email: row.email,
        plan: row.plan,
        limits: planLimits(row.plan),
        machine,
        issuedAt: this.now(),
        expiresAt,
      },
      this.options.signingKey,
    );
    return { license, expiresAt };
  }

  private requireKey(key: string): LicenseRow {
    const format = validateKeyFormat(key);
    if (!format.ok) throw new ServiceError('license.invalid_key', 400, format.message);
    const row = this.findByKey(format.normalized);
    if (!row) throw new ServiceError('license.invalid_key', 404);
    return row;
  }

  activeMachines(licenseId: string): ActivationRow[] {
    return this.db
      .prepare('SELECT * FROM activations WHERE license_id = ? AND deactivated_at IS NULL ORDER BY activated_at')
      .all(licenseId) as ActivationRow[];
  }

  activate(input: { key: string; machineId: string; appVersion?: string | null; offline?: boolean }): SignedLicense {
    const row = this.requireKey(input.key);
    this.assertUsable(row);
    const now = this.now();
    const run = this.db.transaction((): SignedLicense => {
      const machines = this.activeMachines(row.id);
      const existing = machines.find((m) => m.machine_id === input.machineId);
      if (existing) {
        this.db.prepare('UPDATE activations SET last_seen_at = ?, app_version = COALESCE(?, app_version) WHERE id = ?').run(now, input.appVersion ?? null, existing.id);
      } else {
        const max = this.options.maxMachines;
        if (machines.length >= max) {
          const plural = max === 1 ? '1 computador' : `${max} computadores`;
          throw new ServiceError(
            'license.too_many_machines',
            409,
            `Esta chave já está ativa em ${plural}, o máximo permitido. Desative o Recado em um deles (Configurações → Licença → Desativar neste computador) e tente de novo.`,
          );
        }
        this.db
          .prepare('INSERT INTO activations (license_id, machine_id, app_version, offline, activated_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)')
          .run(row.id, input.machineId, input.appVersion ?? null, input.offline ? 1 : 0, now, now);
        this.logEvent(row.id, input.offline ? 'activated_offline' : 'activated', `máquina ${input.machineId.slice(0, 8)}…`);
      }
      return this.sign(row, input.machineId);
    });
    return run();
  }

  deactivate(input: { key: string; machineId: string }): void {
    const row = this.requireKey(input.key);
    const now = this.now();
    const run = this.db.transaction(() => {
      const active = this.activeMachines(row.id).find((m) => m.machine_id === input.machineId);
      if (!active) throw new ServiceError('license.not_activated', 404);
      const recent = this.db
        .prepare('SELECT COUNT(*) AS n FROM activations WHERE license_id = ? AND deactivated_at > ?')
        .get(row.id, now - DAY_MS) as { n: number };
      if (recent.n >= this.options.deactivationsPerDay) throw new ServiceError('license.rate_limited', 429);
      this.db.prepare('UPDATE activations SET deactivated_at = ? WHERE id = ?').run(now, active.id);
      this.logEvent(row.id, 'deactivated', `máquina ${input.machineId.slice(0, 8)}…`);
    });
    run();
  }

  /**
   * Who is calling with a signed license (the webhook relay's credentials): a valid token for a
   * usable license whose machine is still activated. Throws like refresh(); changes nothing.
   */
  authenticate(token: string): { licenseId: string; machine: string } {
    const claimed = decodeUnverified(token);
    if (!claimed) throw new ServiceError('license.malformed', 401);
    const check = verifyLicense(token, { publicKeyPem: this.publicKey, machineId: claimed.machine, now: this.now() });
    if (!check.ok) throw new ServiceError(check.code, 401);
    const row = this.get(claimed.licenseId);
    if (!row) throw new ServiceError('license.invalid_key', 401);
    this.assertUsable(row);
    if (!this.activeMachines(row.id).some((m) => m.machine_id === claimed.machine)) throw new ServiceError('license.not_activated', 403);
    return { licenseId: row.id, machine: claimed.machine };
  }

  refresh(token: string): SignedLicense {
    const claimed = decodeUnverified(token);
    if (!claimed) throw new ServiceError('license.malformed', 400);
    const check = verifyLicense(token, { publicKeyPem: this.publicKey, machineId: claimed.machine, now: this.now() });
    if (!check.ok) {
      const status = check.code === 'license.expired' ? 403 : 400;
      throw new ServiceError(check.code, status);
    }
    const row = this.get(claimed.licenseId);
    if (!row) throw new ServiceError('license.invalid_key', 404);
    this.assertUsable(row);
    const active = this.activeMachines(row.id).find((m) => m.machine_id === claimed.machine);
    if (!active) throw new ServiceError('license.not_activated', 403);
    this.db.prepare('UPDATE activations SET last_seen_at = ? WHERE id = ?').run(this.now(), active.id);
    return this.sign(row, claimed.machine);
  }

  // ---- seller views ------------------------------------------------------

  displayStatus(row: LicenseRow): 'active' | 'revoked' | 'ended' {
    if (row.status === 'revoked') return 'revoked';
    return row.ends_at !== null && row.ends_at <= this.now() ? 'ended' : 'active';
  }

  list(): LicenseListItem[] {
    const rows = this.db.prepare('SELECT * FROM licenses ORDER BY created_at DESC').all() as LicenseRow[];
    const counts = new Map(
      (this.db.prepare('SELECT license_id, COUNT(*) AS n FROM activations WHERE deactivated_at IS NULL GROUP BY license_id').all() as {
        license_id: string;
        n: number;
      }[]).map((r) => [r.license_id, r.n]),
    );
    return rows.map((row) => ({
      id: row.id,
      key: this.vault.decrypt(row.key_enc),
      email: row.email,
      plan: row.plan,
      status: this.displayStatus(row),
      source: row.source,
      transaction: row.transaction_code,
      guaranteeOver: row.guarantee_over === 1,
      endsAt: row.ends_at,
      createdAt: row.created_at,
      activeMachines: counts.get(row.id) ?? 0,
    }));
  }

  history(licenseId: string) {
    const row = this.get(licenseId);
    if (!row) return null;
    return {
      license: { ...row, key: this.vault.decrypt(row.key_enc), planLabel: PLANS[row.plan].label, displayStatus: this.displayStatus(row) },
      events: this.db.prepare('SELECT at, kind, detail FROM license_events WHERE license_id = ? ORDER BY at, id').all(licenseId) as {
        at: number;
        kind: string;
        detail: string | null;
      }[],
      activations: this.db.prepare('SELECT * FROM activations WHERE license_id = ? ORDER BY activated_at, id').all(licenseId) as ActivationRow[],
      webhooks: this.db
        .prepare('SELECT id, event, received_at, outcome, note FROM webhook_events WHERE license_id = ? ORDER BY received_at, rowid')
        .all(licenseId) as { id: string; event: string; received_at: number; outcome: string; note: string | null }[],
    };
  }
}

// (Over 500 lines on purpose: one state machine of the license on this computer.)
// The license on this computer: persisted signed token, offline verification before every
// plan check (cached for a minute), background renewal, activation online or by file.
// Implements PlanGate: without a valid license the limits are the trial's.
import { ApiError } from '../../../shared/api/errors';
import type { LicenseStatus } from '../../../shared/api/methods/license';
import { validateKeyFormat } from '../../../shared/license/key-format';
import { PLANS, type PlanId } from '../../../shared/license/plans';
import type { Db } from '../db/open';
import type { EventBus } from '../events';
import type { InternalBus } from '../internal-events';
import type { Logger } from '../log/logger';
import type { SecretBox } from '../secrets/secret-box';
import { SecretsStore } from '../secrets/secrets-store';
import { LicenseClient, LicenseClientError } from '../../../shared/license/client';
import { LICENSE_ERROR_MESSAGES, type LicenseErrorCode } from '../../../shared/license/errors';
import { planState, upgradeHint, type PlanGate, type PlanState } from './gate';
import { parseLicenseFile } from '../../../shared/license/license-file';
import { machineId as computeMachineId, newMachineSeed } from './machine-id';
import { createOfflineRequestCode } from '../../../shared/license/offline-request';
import { StateGuard, type GuardCheck } from './state-guard';
import { EMBEDDED_PUBLIC_KEY_PEM } from './public-key';
import { licenseServerUrl } from './server-url';
import { decodeUnverified, splitToken } from '../../../shared/license/token';
import { ISSUED_AT_SKEW_MS, verifyLicense, type VerifyLicenseResult } from '../../../shared/license/verify';

/** Re-verify the stored license at most this often (plan checks happen before every send). */
export const VERIFY_EVERY_MS = 60_000;
/** Background renewal while the app is open. */
export const REFRESH_EVERY_MS = 6 * 60 * 60 * 1000;

const KEY_SECRET = 'license.key';
const PENDING_KEY_SECRET = 'license.pendingKey';
/** Server answers that end the license here: the app drops it and goes back to trial. */
const DROPPING_CODES = new Set<string>(['license.revoked', 'license.ended']);
/** Failures whose payload was authentic (signature checked first), so its fields can be shown. */
const AUTHENTIC_FAILURES = new Set<string>(['license.expired', 'license.other_machine', 'license.clock_rollback', 'license.state_altered', 'license.dropped_file']);
/** Recorded when this computer gives its slot back ("desativar neste computador"). */
const DEACTIVATED = 'license.deactivated';
/** How many days of sealed send counts to keep (today, and yesterday across midnight). */
const USAGE_DAYS_KEPT = 3;

export interface LicenseServiceOptions {
  db: Db;
  /** Seals the license key at rest (it is needed again to deactivate). */
  secretBox: SecretBox;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  events?: Pick<EventBus, 'emit'>;
  /** Signals to the core's other services (the Cloud API relay resumes with a new license). */
  internal?: Pick<InternalBus, 'emit'>;
  /** Reads RECADO_LICENSE_SERVER; default process.env. */
  env?: Record<string, string | undefined>;
  /** The data folder: the latest time seen is also kept there, sealed (see state-guard.ts). */
  dataDir?: string;
  /** Overrides for tests. The public key is never read from the environment (see public-key.ts). */
  serverUrl?: string;
  publicKeyPem?: string;
  now?: () => number;
  fetch?: typeof fetch;
  /** Host/user names for the machine id; injectable so tests can play "another computer". */
  machine?: { hostname?: string; username?: string };
  appVersion?: string;
  refreshEveryMs?: number;
}

interface StateRow {
  token: string | null;
  machine_seed: string;
  last_seen_at: number;
  onboarded_at: number | null;
  trial_chosen_at: number | null;
  activated_at: number | null;
  last_refresh_at: number | null;
  dropped_code: string | null;
  offline_pending: number;
}

interface Evaluation {
  status: LicenseStatus;
  plan: PlanState;
}

interface SeenRow {
  license_id: string;
  newest_issued_at: number;
  dropped_code: string | null;
  dropped_at: number | null;
}

/** A stored license that does not count for a reason found here, not by verifyLicense. */
interface LocalFailure {
  ok: false;
  code: LicenseErrorCode;
  message: string;
  /** For the renderer's translation by code (e.g. which kind of drop). */
  params?: Record<string, string | number>;
}

export class LicenseService implements PlanGate {
  private readonly db: Db;
  private readonly secrets: SecretsStore;
  private readonly logger: LicenseServiceOptions['logger'];
  private readonly now: () => number;
  private readonly publicKeyPem: string;
  private readonly serverUrl: string;
  private readonly guard: StateGuard;
  readonly machineId: string;
  private cache: { at: number; generation: number; evaluation: Evaluation } | null = null;
  private generation = 0;
  private lastEmitted = '';
  private timer: ReturnType<typeof setInterval> | null = null;
  private inFlightRefresh: Promise<LicenseStatus> | null = null;
  private stopped = false;

  constructor(private readonly options: LicenseServiceOptions) {
    const env = options.env ?? process.env;
    this.db = options.db;
    this.secrets = new SecretsStore(options.db, options.secretBox);
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.publicKeyPem = options.publicKeyPem ?? EMBEDDED_PUBLIC_KEY_PEM;
    this.serverUrl = options.serverUrl ?? licenseServerUrl(env);
    this.guard = new StateGuard(options.db, options.secretBox, options.dataDir);
    this.db.transaction(() => {
      const created = this.db.prepare('INSERT OR IGNORE INTO license_state (id, machine_seed, updated_at) VALUES (1, ?, ?)').run(newMachineSeed(), this.now()).changes > 0;
      // First start (or the first after an upgrade): trust what is there and seal it.
      if (created || this.guard.check().status === 'unsealed') this.guard.seal();
    })();
    this.machineId = computeMachineId({ seed: this.row().machine_seed, ...options.machine });
  }

  // ---- PlanGate ------------------------------------------------------------

  /** The plan in force; verifies the stored license again when it changed or a minute passed. */
  current(): PlanState {
    return this.evaluate().plan;
  }

  relayCredentials(): { serverUrl: string; token: string } | null {
    const token = this.row().token;
    return token ? { serverUrl: this.serverUrl, token } : null;
  }

  status(): LicenseStatus {
    return this.evaluate().status;
  }

  /**
   * Plan-counted sends already recorded for a day (the engine's day key) in the sealed copy:
   * the engine counts at least this many, whatever its own counters say.
   */
  sendsFloor(day: string): number {
    return (this.db.prepare('SELECT sends FROM license_usage_guard WHERE day = ?').pluck().get(day) as number | undefined) ?? 0;
  }

  // ---- lifecycle -------------------------------------------------------------

  /** Verifies now and renews in the background (right away, then every 6 h). */
  start(): void {
    this.stopped = false;
    this.evaluate(true);
    void this.refresh();
    this.timer ??= setInterval(() => void this.refresh(), this.options.refreshEveryMs ?? REFRESH_EVERY_MS);
    this.timer.unref?.();
  }

  stop(): void {
    this.stopped = true;
    try {
      // Closing the app: the day's sends so far go into the sealed copy.
      this.db.transaction(() => {
        if (this.guard.check().status !== 'altered' && this.sealUsage()) this.guard.seal();
      })();
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not seal the send counts');
    }
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  // ---- actions ---------------------------------------------------------------

  async activate(key: string): Promise<LicenseStatus> {
    const normalized = this.checkKey(key);
    let issued;
    try {
      issued = await this.client().activate(normalized);
    } catch (err) {
      throw toApiError(err, true);
    }
    this.accept(issued.token, { action: 'activated', key: normalized, online: true });
    return this.status();
  }

  /**
   * Renews the license. In the background (manual=false) failures are silent, except the
   * server saying the license was revoked or ended, which drops it (back to trial).
   */
  refresh(options: { manual?: boolean } = {}): Promise<LicenseStatus> {
    if (!this.row().token) return Promise.resolve(this.status());
    // One renewal at a time; a manual click during a background one waits for it.
    if (this.inFlightRefresh && !options.manual) return this.inFlightRefresh;
    const run = this.runRefresh(options.manual ?? false).finally(() => {
      if (this.inFlightRefresh === run) this.inFlightRefresh = null;
    });
    this.inFlightRefresh = run;
    return run;
  }

  private async runRefresh(manual: boolean): Promise<LicenseStatus> {
    const token = this.row().token;
    if (!token) return this.status();
    try {
      const issued = await this.client().refresh(token);
      if (this.stopped) return this.status();
      // The token may have been replaced (deactivated, re-activated) while we waited.
      if (this.row().token !== token) return this.status();
      this.accept(issued.token, { action: 'refreshed', online: true });
    } catch (err) {
      if (this.stopped) return this.status();
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && DROPPING_CODES.has(code) && this.row().token === token) {
        this.drop(code, token);
        return this.status();
      }
      if (manual) throw toApiError(err, false);
      this.logger.warn({ code: typeof code === 'string' ? code : 'unknown' }, 'license refresh failed');
    }
    return this.status();
  }

  /** "Desativar neste computador": frees this computer's slot, then trial mode. */
  async deactivate(): Promise<LicenseStatus> {
    const row = this.row();
    if (!row.token) return this.status();
    const key = this.readSecret(KEY_SECRET);
    if (key) {
      try {
        await this.client().deactivate(key);
      } catch (err) {
        const code = (err as { code?: unknown }).code;
        // Already free or no longer valid on the server: nothing left to release there.
        const gone = code === 'license.not_activated' || code === 'license.revoked' || code === 'license.ended' || code === 'license.invalid_key';
        if (!gone) throw toApiError(err, false, 'deactivate');
      }
    }
    const claimed = decodeUnverified(row.token);
    this.db.transaction(() => {
      const trusted = this.guard.check().status !== 'altered';
      this.update({ token: null, dropped_code: null, activated_at: null, last_refresh_at: null });
      // An older license file must not bring back the slot just given back.
      if (claimed) this.rememberDrop(claimed.licenseId, claimed.issuedAt, DEACTIVATED);
      if (trusted) this.guard.seal();
    })();
    this.generation++;
    this.secrets.clear(KEY_SECRET);
    this.history('deactivated', claimed?.licenseId ?? null, claimed?.plan ?? null, key ? null : 'sem chave salva: liberado só neste computador');
    this.changed();
    return this.status();
  }

  /** The request code for an offline activation (the buyer sends it to the seller). */
  offlineRequest(key: string): { code: string; machineId: string } {
    const normalized = this.checkKey(key);
    const code = createOfflineRequestCode({ key: normalized, machineId: this.machineId });
    this.secrets.set(PENDING_KEY_SECRET, normalized);
    if (!this.row().offline_pending) {
      this.write({ offline_pending: 1 });
      this.history('offline_requested', null, null, null);
      this.changed();
    }
    return { code, machineId: this.machineId };
  }

  /** Imports the license file the seller sent back (or the bare token); verified before storing. */
  importLicenseFile(content: string): LicenseStatus {
    const text = content.trim();
    const token = parseLicenseFile(text) ?? (splitToken(text) ? text : null);
    if (!token) {
      throw new ApiError(
        'license.bad_file',
        'Este arquivo não é uma licença do Recado. Escolha o arquivo que o vendedor enviou (por exemplo recado-licenca.json) ou cole o conteúdo dele inteiro.',
      );
    }
    this.accept(token, { action: 'imported', key: this.readSecret(PENDING_KEY_SECRET), online: false });
    this.secrets.clear(PENDING_KEY_SECRET);
    return this.status();
  }

  continueTrial(): LicenseStatus {
    const now = this.now();
    const row = this.row();
    this.write({ onboarded_at: row.onboarded_at ?? now, trial_chosen_at: now });
    this.changed();
    return this.status();
  }

  // ---- internals ---------------------------------------------------------------

  private client(): LicenseClient {
    return new LicenseClient({ serverUrl: this.serverUrl, machineId: this.machineId, appVersion: this.options.appVersion, fetch: this.options.fetch });
  }

  private checkKey(key: string): string {
    const format = validateKeyFormat(key);
    if (!format.ok) throw new ApiError('license.invalid_key', format.message, { reason: format.reason }, { variant: format.reason });
    return format.normalized;
  }

  /** Verifies a token for this computer and stores it; throws a pt-BR ApiError when it does not verify. */
  private accept(token: string, how: { action: 'activated' | 'refreshed' | 'imported'; key?: string | null; online: boolean }): void {
    const now = this.now();
    const row = this.row();
    const guard = this.guard.check();
    // Offline, only the sealed state says which licenses were dropped here: it must verify.
    if (guard.status === 'altered' && !how.online) throw new ApiError('license.state_altered', messageFor('license.state_altered'));
    const claimed = decodeUnverified(token);
    // A token just signed by the server proves the local clock right when its issuedAt agrees:
    // that clears a bogus "latest time seen" left by a clock that once ran ahead.
    const clockConfirmed = how.online && claimed !== null && Math.abs(now - claimed.issuedAt) <= ISSUED_AT_SKEW_MS;
    const result = verifyLicense(token, {
      publicKeyPem: this.publicKeyPem,
      machineId: this.machineId,
      now,
      lastSeenTime: clockConfirmed ? null : guard.newestSeen,
    });
    if (!result.ok) throw new ApiError(result.code, result.message);
    // The server's answer is current; a file may be old. Refuse files from before a drop, or
    // older than a license this computer already used.
    if (!how.online) {
      const refusal = this.refuseOlder(result.license.licenseId, result.license.issuedAt);
      if (refusal) throw new ApiError(refusal.code, refusal.message, undefined, refusal.params);
    }
    const previous = row.token ? decodeUnverified(row.token) : null;
    this.db.transaction(() => {
      this.update({
        token,
        last_seen_at: clockConfirmed ? now : result.lastSeenTime,
        dropped_code: null,
        onboarded_at: row.onboarded_at ?? now,
        ...(how.action === 'refreshed' ? {} : { activated_at: now, offline_pending: 0 }),
        ...(how.online ? { last_refresh_at: now } : {}),
      });
      this.db
        .prepare(
          `INSERT INTO license_seen (license_id, newest_issued_at) VALUES (?, ?)
           ON CONFLICT (license_id) DO UPDATE SET newest_issued_at = max(newest_issued_at, excluded.newest_issued_at), dropped_code = NULL, dropped_at = NULL`,
        )
        .run(result.license.licenseId, result.license.issuedAt);
      // Here the state verified, or the license server just vouched for it: seal it again.
      this.guard.seal();
    })();
    this.generation++;
    if (how.key) this.secrets.set(KEY_SECRET, how.key);
    const planChanged = previous?.plan !== result.license.plan || previous?.licenseId !== result.license.licenseId;
    if (how.action !== 'refreshed' || planChanged) {
      this.history(how.action === 'refreshed' ? 'plan_changed' : how.action, result.license.licenseId, result.license.plan, null);
    }
    this.changed();
  }

  private drop(code: string, token: string): void {
    const claimed = decodeUnverified(token);
    this.db.transaction(() => {
      const trusted = this.guard.check().status !== 'altered';
      this.update({ token: null, dropped_code: code, activated_at: null });
      if (claimed) this.rememberDrop(claimed.licenseId, claimed.issuedAt, code);
      if (trusted) this.guard.seal();
    })();
    this.generation++;
    this.secrets.clear(KEY_SECRET);
    this.history(code === 'license.revoked' ? 'revoked' : 'ended', claimed?.licenseId ?? null, claimed?.plan ?? null, code);
    this.logger.info({ code }, 'license dropped by the license server');
    this.changed();
  }

  private evaluate(force = false, notify = true): Evaluation {
    const now = this.now();
    const cached = this.cache;
    if (!force && cached && cached.generation === this.generation && now >= cached.at && now - cached.at < VERIFY_EVERY_MS) {
      return cached.evaluation;
    }
    const row = this.row();
    const guard = this.guard.check();
    let result: VerifyLicenseResult | LocalFailure | null = row.token
      ? verifyLicense(row.token, { publicKeyPem: this.publicKeyPem, machineId: this.machineId, now, lastSeenTime: guard.newestSeen })
      : null;
    if (result?.ok) result = this.localFailure(result, guard) ?? result;
    // Remember the latest time seen, unless the clock was just caught going back or the state
    // does not verify (sealing it now would launder the edit).
    const rolledBack = result !== null && !result.ok && result.code === 'license.clock_rollback';
    if (!rolledBack && guard.status !== 'altered') this.touch(now, row.last_seen_at);
    const evaluation = this.describe(row, result);
    this.cache = { at: now, generation: this.generation, evaluation };
    // Time alone can change the state (grace begins, license expires): tell the UI.
    const signature = `${evaluation.status.state}|${evaluation.status.plan}|${evaluation.status.daysLeft ?? ''}`;
    if (notify && cached && signature !== this.lastEmitted) this.emit(evaluation.status);
    this.lastEmitted = signature;
    return evaluation;
  }

  /** Reasons found in the sealed state: it does not verify, or this license was dropped here. */
  private localFailure(result: Extract<VerifyLicenseResult, { ok: true }>, guard: GuardCheck): LocalFailure | null {
    if (guard.status === 'altered') return { ok: false, code: 'license.state_altered', message: messageFor('license.state_altered') };
    return this.refuseOlder(result.license.licenseId, result.license.issuedAt, true);
  }

  /**
   * A token of a license dropped here (refund, end, deactivation) issued before the drop, or
   * (files only) older than the newest token already seen for that license.
   */
  private refuseOlder(licenseId: string, issuedAt: number, droppedOnly = false): LocalFailure | null {
    const seen = this.db.prepare('SELECT * FROM license_seen WHERE license_id = ?').get(licenseId) as SeenRow | undefined;
    if (!seen) return null;
    if (seen.dropped_code && issuedAt <= Math.max(seen.newest_issued_at, seen.dropped_at ?? 0)) {
      return { ok: false, code: 'license.dropped_file', message: droppedFileMessage(seen.dropped_code), params: { variant: droppedVariant(seen.dropped_code) } };
    }
    if (!droppedOnly && issuedAt < seen.newest_issued_at) return { ok: false, code: 'license.older_file', message: messageFor('license.older_file') };
    return null;
  }

  private rememberDrop(licenseId: string, issuedAt: number, code: string): void {
    this.db
      .prepare(
        `INSERT INTO license_seen (license_id, newest_issued_at, dropped_code, dropped_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (license_id) DO UPDATE SET newest_issued_at = max(newest_issued_at, excluded.newest_issued_at),
           dropped_code = excluded.dropped_code, dropped_at = excluded.dropped_at`,
      )
      .run(licenseId, issuedAt, code, this.now());
  }

  /** Advances the latest time seen and the sealed send counts, then seals; a no-op when nothing moved. */
  private touch(now: number, lastSeen: number): void {
    this.db.transaction(() => {
      let changed = false;
      if (now > lastSeen) {
        this.db.prepare('UPDATE license_state SET last_seen_at = ? WHERE id = 1').run(now);
        changed = true;
      }
      if (this.sealUsage()) changed = true;
      if (changed) this.guard.seal();
    })();
  }

  /** Copies the latest days' plan-counted sends into the sealed table when they grew. */
  private sealUsage(): boolean {
    const live = this.db
      .prepare(
        `SELECT c.day AS day, sum(c.attempts) AS sends FROM number_daily_counters c JOIN numbers n ON n.id = c.number_id
         WHERE n.kind <> 'simulator' GROUP BY c.day ORDER BY c.day DESC LIMIT ?`,
      )
      .all(USAGE_DAYS_KEPT) as Array<{ day: string; sends: number }>;
    let changed = false;
    const raise = this.db.prepare(
      `INSERT INTO license_usage_guard (day, sends) VALUES (?, ?) ON CONFLICT (day) DO UPDATE SET sends = excluded.sends WHERE excluded.sends > sends`,
    );
    for (const r of live) if (r.sends > 0 && raise.run(r.day, r.sends).changes > 0) changed = true;
    if (changed) {
      this.db.prepare(`DELETE FROM license_usage_guard WHERE day NOT IN (SELECT day FROM license_usage_guard ORDER BY day DESC LIMIT ${USAGE_DAYS_KEPT})`).run();
    }
    return changed;
  }

  private describe(row: StateRow, result: VerifyLicenseResult | LocalFailure | null): Evaluation {
    const base = {
      machineId: this.machineId.slice(0, 8),
      firstRun: row.onboarded_at === null,
      offlinePending: row.offline_pending === 1,
      ...(row.activated_at !== null ? { activatedAt: row.activated_at } : {}),
      ...(row.last_refresh_at !== null ? { lastRefreshAt: row.last_refresh_at } : {}),
    };
    if (result === null) {
      const reasonCode = row.dropped_code ?? undefined;
      const reason = reasonCode ? messageFor(reasonCode) : undefined;
      const plan = planState('trial', reason ?? null);
      return { plan, status: { ...base, state: 'trial', plan: 'trial', planLabel: plan.label, limits: plan.limits, reason, reasonCode } };
    }
    if (result.ok) {
      const planId: PlanId = result.license.plan;
      const plan: PlanState = {
        plan: planId,
        label: PLANS[planId].label,
        limits: { ...result.license.limits },
        canSend: true,
        reason: null,
        upgradeHint: upgradeHint(planId),
        notice: result.notice,
      };
      return {
        plan,
        status: {
          ...base,
          state: result.state,
          plan: planId,
          planLabel: plan.label,
          limits: plan.limits,
          email: result.license.email,
          expiresAt: result.expiresAt,
          graceEndsAt: result.graceEndsAt,
          daysLeft: result.daysLeft,
          ...(result.notice ? { notice: result.notice } : {}),
        },
      };
    }
    // A stored license that does not count: trial limits, with the reason.
    const plan = planState('trial', result.message);
    const claimed = AUTHENTIC_FAILURES.has(result.code) && row.token ? decodeUnverified(row.token) : null;
    return {
      plan,
      status: {
        ...base,
        state: result.code === 'license.expired' ? 'expired' : 'invalid',
        plan: 'trial',
        planLabel: plan.label,
        limits: plan.limits,
        reason: result.message,
        reasonCode: result.code,
        ...(claimed ? { email: claimed.email, expiresAt: claimed.expiresAt } : {}),
      },
    };
  }

  private row(): StateRow {
    return this.db.prepare('SELECT * FROM license_state WHERE id = 1').get() as StateRow;
  }

  /** Changes the state and seals it again, unless it did not verify before the change. */
  private write(patch: Partial<Omit<StateRow, 'machine_seed'>>): void {
    this.db.transaction(() => {
      const trusted = this.guard.check().status !== 'altered';
      this.update(patch);
      if (trusted) this.guard.seal();
    })();
    this.generation++;
  }

  private update(patch: Partial<Omit<StateRow, 'machine_seed'>>): void {
    const entries = Object.entries(patch);
    const sets = entries.map(([column]) => `${column} = ?`).join(', ');
    this.db.prepare(`UPDATE license_state SET ${sets}, updated_at = ? WHERE id = 1`).run(...entries.map(([, v]) => v), this.now());
  }

  private history(action: string, licenseId: string | null, plan: string | null, detail: string | null): void {
    this.db
      .prepare('INSERT INTO license_history (at, action, license_id, plan, detail) VALUES (?, ?, ?, ?, ?)')
      .run(this.now(), action, licenseId, plan, detail);
  }

  private readSecret(name: string): string | null {
    try {
      return this.secrets.get(name);
    } catch {
      // Sealed by another secret box (e.g. desktop vs. browser mode): treat as absent.
      return null;
    }
  }

  private changed(): void {
    this.emit(this.evaluate(true, false).status);
  }

  private emit(status: LicenseStatus): void {
    this.lastEmitted = `${status.state}|${status.plan}|${status.daysLeft ?? ''}`;
    this.options.internal?.emit('license.changed', { status });
    this.options.events?.emit('license.changed', status);
  }
}

function droppedVariant(droppedCode: string): string {
  return droppedCode === DEACTIVATED ? 'deactivated' : droppedCode === 'license.ended' ? 'ended' : 'revoked';
}

function droppedFileMessage(droppedCode: string): string {
  if (droppedCode === DEACTIVATED) {
    return 'Este computador foi desativado desta licença, e este arquivo é de antes disso. Ative o Recado de novo com a sua chave de licença.';
  }
  if (droppedCode === 'license.ended') {
    return 'O período desta licença terminou, e este arquivo é de antes disso. Renove a assinatura na Hotmart e ative o Recado de novo com a sua chave.';
  }
  return 'Esta licença foi cancelada (reembolso, estorno ou cancelamento da compra), e este arquivo é de antes do cancelamento. Se a compra foi refeita, ative o Recado com a chave; se acha que é um engano, fale com o vendedor.';
}

function messageFor(code: string): string {
  return LICENSE_ERROR_MESSAGES[code as LicenseErrorCode] ?? LICENSE_ERROR_MESSAGES['license.server_error'];
}

const DEACTIVATE_OFFLINE =
  'Sem conexão com o servidor de licenças: este computador não foi desativado. Conecte-se à internet e tente de novo.';

/** Turns a client failure into the pt-BR ApiError the UI shows. */
function toApiError(err: unknown, activating: boolean, what?: 'deactivate'): unknown {
  if (err instanceof ApiError) return err;
  if (err instanceof LicenseClientError) {
    const offline = err.code === 'license.offline' || err.code === 'license.timeout';
    let message = err.message;
    let variant = 'other';
    if (offline && what === 'deactivate') [message, variant] = [DEACTIVATE_OFFLINE, 'deactivate'];
    else if (offline && activating) [message, variant] = [`${message} Sem internet neste computador? Use “Ativar sem internet”.`, 'activate'];
    return new ApiError(err.code, message, err.status !== undefined ? { status: err.status } : undefined, { variant });
  }
  return err;
}

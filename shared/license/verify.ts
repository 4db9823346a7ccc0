// Offline verification of a signed license on the buyer's machine.
// Node-only (node:crypto); never imports electron.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { LICENSE_ERROR_MESSAGES, type LicenseVerifyErrorCode } from './errors';
import { licensePayloadSchema, publicKeyId, splitToken, type LicensePayload } from './token';

const DAY_MS = 86_400_000;
/** How long the app keeps working past expiresAt without reaching the server. */
export const DEFAULT_GRACE_DAYS = 30;
/** Clock jitter tolerated against the latest time the app has seen. */
export const DEFAULT_CLOCK_TOLERANCE_MS = 60 * 60 * 1000;
/**
 * Tolerated skew between the server's issuedAt and the local clock. Wider than
 * the rollback tolerance because a fresh PC can be hours off (e.g. a dual-boot
 * machine keeping local time in the hardware clock).
 */
export const ISSUED_AT_SKEW_MS = DAY_MS;

export interface VerifyLicenseOptions {
  publicKeyPem: string | KeyObject;
  /** This machine's hashed id (machineId()). */
  machineId: string;
  /** Epoch ms; defaults to Date.now(). */
  now?: number;
  /** Latest epoch ms the app has persisted; protects against clock rollback. */
  lastSeenTime?: number | null;
  graceDays?: number;
  clockToleranceMs?: number;
}

export type LicenseState = 'active' | 'in_grace';

export interface VerifiedLicense {
  ok: true;
  license: LicensePayload;
  /** 'active' until expiresAt; 'in_grace' afterwards until graceEndsAt. */
  state: LicenseState;
  expiresAt: number;
  graceEndsAt: number;
  /** Whole days (rounded up) until expiresAt when active, until graceEndsAt when in grace. */
  daysLeft: number;
  /** pt-BR banner text when in grace ("renove a licença: X dias restantes"). */
  notice: string | null;
  /** The value the caller should persist as lastSeenTime. */
  lastSeenTime: number;
}

export interface LicenseVerifyFailure {
  ok: false;
  code: LicenseVerifyErrorCode;
  message: string;
}

export type VerifyLicenseResult = VerifiedLicense | LicenseVerifyFailure;

const keyCache = new Map<string, { key: KeyObject; kid: string }>();

function loadKey(pem: string | KeyObject): { key: KeyObject; kid: string } {
  if (typeof pem !== 'string') return { key: pem, kid: publicKeyId(pem) };
  let entry = keyCache.get(pem);
  if (!entry) {
    const key = createPublicKey(pem);
    entry = { key, kid: publicKeyId(key) };
    keyCache.set(pem, entry);
  }
  return entry;
}

function fail(code: LicenseVerifyErrorCode): LicenseVerifyFailure {
  return { ok: false, code, message: LICENSE_ERROR_MESSAGES[code] };
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function verifyLicense(token: string, options: VerifyLicenseOptions): VerifyLicenseResult {
  const now = options.now ?? Date.now();
  const graceMs = (options.graceDays ?? DEFAULT_GRACE_DAYS) * DAY_MS;
  const tolerance = options.clockToleranceMs ?? DEFAULT_CLOCK_TOLERANCE_MS;
  const { key, kid } = loadKey(options.publicKeyPem);

  const raw = splitToken(token);
  if (!raw) return fail('license.malformed');
  // An Ed25519 signature is always 64 bytes; anything else was not made by us.
  if (raw.signature.length !== 64) return fail('license.bad_signature');
  const json = parseJson(raw.payloadBytes);
  // A different key id means a license from another key pair (e.g. a dev build),
  // not an edited one: tell the two apart for support.
  const claimedKid = json && typeof json === 'object' ? (json as { kid?: unknown }).kid : undefined;
  if (typeof claimedKid === 'string' && claimedKid !== kid) return fail('license.bad_signature');
  if (!verify(null, raw.payloadBytes, key, raw.signature)) return fail('license.tampered');
  const parsed = licensePayloadSchema.safeParse(json);
  if (!parsed.success) return fail('license.malformed');
  const license = parsed.data;

  if (license.machine !== options.machineId) return fail('license.other_machine');
  const lastSeen = options.lastSeenTime ?? 0;
  if (now < lastSeen - tolerance || now < license.issuedAt - Math.max(tolerance, ISSUED_AT_SKEW_MS)) {
    return fail('license.clock_rollback');
  }

  const graceEndsAt = license.expiresAt + graceMs;
  if (now >= graceEndsAt) return fail('license.expired');
  const state: LicenseState = now < license.expiresAt ? 'active' : 'in_grace';
  const daysLeft = Math.max(0, Math.ceil(((state === 'active' ? license.expiresAt : graceEndsAt) - now) / DAY_MS));
  return {
    ok: true,
    license,
    state,
    expiresAt: license.expiresAt,
    graceEndsAt,
    daysLeft,
    notice: state === 'in_grace' ? graceNotice(daysLeft) : null,
    lastSeenTime: Math.max(now, lastSeen),
  };
}

function graceNotice(daysLeft: number): string {
  const days = daysLeft === 1 ? '1 dia restante' : `${daysLeft} dias restantes`;
  return `Renove a licença: ${days}. Conecte-se à internet e abra o Recado para renovar automaticamente.`;
}

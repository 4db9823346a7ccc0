// Signed license token: base64url(payloadJSON) + "." + base64url(Ed25519 signature).
// The signature covers the exact payload bytes, so the JSON is never re-serialized
// before verifying. Node-only (node:crypto).
import { createHash, createPublicKey, sign, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { PLAN_IDS } from './plans';

export const LICENSE_TOKEN_VERSION = 1;

export const licensePayloadSchema = z.object({
  v: z.literal(LICENSE_TOKEN_VERSION),
  /** Id of the signing key (see publicKeyId) so a key rotation is diagnosable. */
  kid: z.string().min(1).max(64),
  licenseId: z.string().min(1).max(64),
  email: z.string().max(320),
  plan: z.enum(PLAN_IDS),
  limits: z.object({
    messagesPerDay: z.number().int().nonnegative(),
    numbers: z.number().int().nonnegative(),
    aiPerDay: z.number().int().nonnegative(),
  }),
  /** Hashed machine id (see machineId()); never the raw hostname/user. */
  machine: z.string().min(8).max(128),
  /** Epoch milliseconds. */
  issuedAt: z.number().int().nonnegative(),
  /** Epoch milliseconds; after this the app is in its offline grace period. */
  expiresAt: z.number().int().nonnegative(),
});

export type LicensePayload = z.infer<typeof licensePayloadSchema>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface RawToken {
  payloadBytes: Buffer;
  signature: Buffer;
}

/** Splits a token into its two decoded parts; null when it is not shaped like one. */
export function splitToken(token: unknown): RawToken | null {
  if (typeof token !== 'string' || token.length > 16_384) return null;
  const parts = token.trim().split('.');
  if (parts.length !== 2 || !BASE64URL.test(parts[0]) || !BASE64URL.test(parts[1])) return null;
  return { payloadBytes: Buffer.from(parts[0], 'base64url'), signature: Buffer.from(parts[1], 'base64url') };
}

/** Reads the payload WITHOUT verifying it (for display/diagnostics only). */
export function decodeUnverified(token: unknown): LicensePayload | null {
  const raw = splitToken(token);
  if (!raw) return null;
  try {
    const parsed = licensePayloadSchema.safeParse(JSON.parse(raw.payloadBytes.toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Short fingerprint of an Ed25519 public key (SHA-256 of its SPKI DER, 96 bits). */
export function publicKeyId(key: string | KeyObject): string {
  const keyObject = typeof key === 'string' ? createPublicKey(key) : key.type === 'private' ? createPublicKey(key) : key;
  const der = keyObject.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(der).digest().subarray(0, 12).toString('base64url');
}

/** Signs a payload (server side; also used by tests with their own key pair). */
export function signLicense(payload: Omit<LicensePayload, 'v' | 'kid'>, privateKey: KeyObject): string {
  // Built field by field so stray properties never end up signed.
  const full: LicensePayload = {
    v: LICENSE_TOKEN_VERSION,
    kid: publicKeyId(privateKey),
    licenseId: payload.licenseId,
    email: payload.email,
    plan: payload.plan,
    limits: { messagesPerDay: payload.limits.messagesPerDay, numbers: payload.limits.numbers, aiPerDay: payload.limits.aiPerDay },
    machine: payload.machine,
    issuedAt: payload.issuedAt,
    expiresAt: payload.expiresAt,
  };
  const bytes = Buffer.from(JSON.stringify(full), 'utf8');
  const signature = sign(null, bytes, privateKey);
  return `${bytes.toString('base64url')}.${signature.toString('base64url')}`;
}

/** Retry policy for failed sends. */
import { CHANNEL_ERRORS, isChannelErrorCode, type ChannelErrorCode } from '../../channels/errors';
import type { Rng } from '../../lib/rng';

/** Retries after the first attempt; the 4th failure is final. */
export const MAX_RETRIES = 3;

const BASE_DELAYS_MS = [30_000, 120_000, 600_000];
/** ±20 % so retries of many messages do not line up. */
const JITTER = 0.2;

/**
 * Wait before retry number `retry` (1-based: 1 = first retry): ~30 s, ~2 min, ~10 min with
 * ±20 % jitter. Null when retries are exhausted (`retry > MAX_RETRIES`).
 */
export function retryDelayMs(retry: number, rng: Rng = Math.random): number | null {
  if (retry > MAX_RETRIES) return null;
  const base = BASE_DELAYS_MS[Math.max(1, Math.floor(retry)) - 1];
  return Math.round(base * (1 - JITTER + rng() * 2 * JITTER));
}

/** WhatsApp/Baileys numeric statuses → our codes. */
const NUMERIC: Record<string, ChannelErrorCode> = {
  '401': 'LOGGED_OUT',
  '403': 'BANNED',
  '404': 'NOT_ON_WHATSAPP',
  '408': 'TIMEOUT',
  '428': 'NOT_CONNECTED',
  '429': 'RATE_LIMITED',
  '463': 'RESTRICTED',
  '500': 'SERVER_ERROR',
  '503': 'SERVER_ERROR',
  '515': 'NOT_CONNECTED',
};

/** Normalizes a channel code or a raw WhatsApp status (`463`, `'429'`) to a {@link ChannelErrorCode}. */
export function toChannelErrorCode(code: string | number | null | undefined): ChannelErrorCode {
  if (code === null || code === undefined) return 'UNKNOWN';
  const s = String(code);
  if (isChannelErrorCode(s)) return s;
  return NUMERIC[s] ?? 'UNKNOWN';
}

/**
 * Whether a failure may succeed later (`'transient'`: retry with {@link retryDelayMs}) or not
 * (`'permanent'`: mark the recipient failed). Unknown codes are permanent to avoid duplicates.
 */
export function classifyFailure(code: string | number | null | undefined): 'transient' | 'permanent' {
  return CHANNEL_ERRORS[toChannelErrorCode(code)].transient ? 'transient' : 'permanent';
}

/** True when the failure is a signal against the number itself (restriction, ban, logout): pause it. */
export function failurePausesNumber(code: string | number | null | undefined): boolean {
  return CHANNEL_ERRORS[toChannelErrorCode(code)].pausesNumber;
}

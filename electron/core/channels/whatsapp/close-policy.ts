/**
 * What to do when WhatsApp closes the socket, by close code (`lastDisconnect.error.output.statusCode`).
 * Pure, so every path is easy to test.
 */
import type { ChannelState } from '../types';

export type CloseAction =
  /** Make a new socket with the same session right away (515 after pairing, normal). */
  | { kind: 'reconnect_now'; reason: string }
  /**
   * Network-ish trouble: retry with capped exponential backoff, or after a long wait when
   * WhatsApp rate-limited us (`pace`). Either way the reconnect guard adds its window and ceiling.
   */
  | { kind: 'backoff'; reason: string; pace?: 'rate_limited' }
  /** The session is gone: wipe it; the user must link again (new QR). */
  | { kind: 'logged_out'; reason: string }
  /** Do not loop: show the reason and wait for the user. */
  | { kind: 'stop'; state: Extract<ChannelState, 'error' | 'restricted' | 'disconnected'>; reason: string; signal?: 'banned' };

export interface CloseContext {
  /** The session is linked (see `isLinkedCreds`): it can reconnect without a QR. */
  registered: boolean;
  /** A QR (or pairing code) was shown on this socket. */
  awaitingLink: boolean;
  /** How many 500s in a row, this one included. */
  badSessionStreak: number;
  /** The socket never reached WhatsApp: DNS or TCP failure (no internet, firewall). */
  network?: boolean;
}

/** A session that keeps failing with 500 this many times in a row is wiped. */
export const BAD_SESSION_LIMIT = 3;

export function closeAction(code: number | undefined, ctx: CloseContext): CloseAction {
  switch (code) {
    case 515:
      return { kind: 'reconnect_now', reason: 'restart_required' };
    case 401:
      return { kind: 'logged_out', reason: 'logged_out' };
    case 411:
      return { kind: 'logged_out', reason: 'multidevice_mismatch' };
    case 440:
      return { kind: 'stop', state: 'error', reason: 'connection_replaced' };
    case 405:
      return { kind: 'stop', state: 'error', reason: 'outdated_version' };
    case 403:
      return { kind: 'stop', state: 'restricted', reason: 'banned', signal: 'banned' };
    case 429:
      // rate-overlimit: logging in again soon only makes it worse. A new link just stops and says so.
      return ctx.registered ? { kind: 'backoff', reason: 'rate_limited', pace: 'rate_limited' } : { kind: 'stop', state: 'error', reason: 'rate_limited' };
  }
  // A new link that never got as far as a QR: retrying in a loop only spins; say why and wait.
  if (!ctx.registered && !ctx.awaitingLink) {
    return { kind: 'stop', state: 'error', reason: ctx.network ? 'no_network' : 'link_failed' };
  }
  switch (code) {
    case 500:
      return ctx.badSessionStreak >= BAD_SESSION_LIMIT ? { kind: 'logged_out', reason: 'bad_session' } : { kind: 'backoff', reason: 'bad_session' };
    case 408:
      // Before login, 408 means the QR codes ran out: wait for "gerar novo" instead of looping.
      if (!ctx.registered && ctx.awaitingLink) return { kind: 'stop', state: 'disconnected', reason: 'qr_timeout' };
      return { kind: 'backoff', reason: ctx.network ? 'no_network' : 'connection_lost' };
    case 428:
      return { kind: 'backoff', reason: 'connection_closed' };
    case 503:
      return { kind: 'backoff', reason: 'service_unavailable' };
    case undefined:
      return { kind: 'backoff', reason: 'network' };
    default:
      return { kind: 'backoff', reason: `closed_${code}` };
  }
}

/** Capped exponential backoff: base, 2×base, 4×base… up to `max`, with ±20 % jitter. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, rand: () => number = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(raw * (0.8 + 0.4 * rand()));
}

const NETWORK_ERRNOS = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'ETIMEDOUT', 'ECONNRESET']);

/**
 * True when the socket failed below WhatsApp (DNS, TCP): Baileys wraps the WebSocket error in a
 * Boom (408) and keeps the original in `data`.
 */
export function isNetworkFailure(error: unknown): boolean {
  const e = error as { data?: { code?: unknown; cause?: { code?: unknown } }; code?: unknown } | undefined;
  const code = e?.data?.code ?? e?.data?.cause?.code ?? e?.code;
  return typeof code === 'string' && NETWORK_ERRNOS.has(code);
}

/** The close code Baileys puts on `lastDisconnect.error` (a Boom), if any. */
export function closeCodeOf(error: unknown): number | undefined {
  const e = error as { output?: { statusCode?: unknown }; statusCode?: unknown } | undefined;
  const code = e?.output?.statusCode ?? e?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

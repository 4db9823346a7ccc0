import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'recado_session';

/**
 * Browser-mode access control. The printed URL carries a one-time token; the first visit
 * trades it for an HttpOnly session cookie, so the token in shell history is useless after.
 */
export class HostAuth {
  private oneTimeToken: string | null;
  private readonly sessions = new Set<string>();

  constructor(token = randomToken()) {
    this.oneTimeToken = token;
  }

  get token(): string | null {
    return this.oneTimeToken;
  }

  /** Consumes the URL token; returns a new session secret, or null if the token is wrong/used. */
  redeem(candidate: string): string | null {
    if (!this.oneTimeToken || !safeEqual(candidate, this.oneTimeToken)) return null;
    this.oneTimeToken = null;
    const session = randomToken();
    this.sessions.add(session);
    return session;
  }

  isAuthenticated(req: IncomingMessage): boolean {
    const session = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!session) return false;
    for (const s of this.sessions) if (safeEqual(session, s)) return true;
    return false;
  }

  /** A new one-time token for "open in another browser" without restarting the host. */
  rotate(): string {
    this.oneTimeToken = randomToken();
    return this.oneTimeToken;
  }
}

export function randomToken(): string {
  return crypto.randomBytes(24).toString('base64url');
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && crypto.timingSafeEqual(ab, bb);
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

/**
 * Only pages served by this host may talk to it: a foreign Origin (a website trying to reach
 * 127.0.0.1) or a foreign Host header (DNS rebinding) is refused.
 */
export function isAllowedOrigin(req: IncomingMessage, port: number): boolean {
  const allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  if (!req.headers.host || !allowedHosts.has(req.headers.host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true; // same-origin navigations and non-browser clients
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

import crypto from 'node:crypto';

/**
 * How a receiver checks that a request came from this Recado: `X-Recado-Signature: t=<unix
 * seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` with the webhook's secret (the scheme Stripe
 * uses; n8n, Make and Zapier can check it with a code step). The timestamp lets them refuse
 * replays.
 */
export const SIGNATURE_HEADER = 'x-recado-signature';

export function signBody(secret: string, body: string, unixSeconds: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** The receiver's side, used by the tests and documented in the README. */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !parts.v1) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const got = Buffer.from(parts.v1, 'hex');
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
}

export function newSecret(): string {
  return `whsec_${crypto.randomBytes(24).toString('base64url')}`;
}

// Fixed-window attempt counters for the endpoints that take a license key (/activate,
// /activate-offline, /deactivate): a key guesser is slowed per source address and per key
// prefix (many addresses walking the same part of the key space). In memory: a restart
// forgets the counts, which only gives a guesser one fresh window.

export interface WindowLimit {
  max: number;
  windowMs: number;
}

export interface ActivateLimits {
  perIp: WindowLimit;
  perKeyPrefix: WindowLimit;
}

/** A shop behind one address activates a few computers; a guesser needs billions of tries. */
export const DEFAULT_ACTIVATE_LIMITS: ActivateLimits = {
  perIp: { max: 20, windowMs: 15 * 60_000 },
  perKeyPrefix: { max: 10, windowMs: 15 * 60_000 },
};

/** Symbols of the normalized key ("RCD-XXXXX-XXXXX…") that form the prefix bucket. */
export const KEY_PREFIX_CHARS = 15;

interface Bucket {
  start: number;
  count: number;
}

export class AttemptThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private lastPrune = 0;

  constructor(
    private readonly limits: ActivateLimits,
    private readonly now: () => number,
  ) {}

  /**
   * Counts one attempt for each bucket; returns the seconds to wait when any bucket is over
   * its limit (the attempt is then not counted, so waiting is enough to get through).
   */
  attempt(ip: string, keyPrefix: string | null): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.now();
    this.prune(now);
    const checks: Array<[string, WindowLimit]> = [[`ip:${ip}`, this.limits.perIp]];
    if (keyPrefix) checks.push([`key:${keyPrefix}`, this.limits.perKeyPrefix]);
    let wait = 0;
    const live: Bucket[] = [];
    for (const [id, limit] of checks) {
      let b = this.buckets.get(id);
      if (!b || now - b.start >= limit.windowMs) {
        b = { start: now, count: 0 };
        this.buckets.set(id, b);
      }
      if (b.count >= limit.max) wait = Math.max(wait, b.start + limit.windowMs - now);
      live.push(b);
    }
    if (wait > 0) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)) };
    for (const b of live) b.count++;
    return { ok: true };
  }

  private prune(now: number): void {
    const longest = Math.max(this.limits.perIp.windowMs, this.limits.perKeyPrefix.windowMs);
    if (now - this.lastPrune < longest) return;
    this.lastPrune = now;
    for (const [id, b] of this.buckets) if (now - b.start >= longest) this.buckets.delete(id);
  }
}

/** "Aguarde 15 minutos": the wait, rounded up to whole minutes. */
export function tooManyAttemptsMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return `Muitas tentativas de ativação em pouco tempo. Aguarde ${minutes === 1 ? '1 minuto' : `${minutes} minutos`} e tente de novo. Confira a chave no e-mail da compra.`;
}

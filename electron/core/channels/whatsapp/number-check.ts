/**
 * "Is this contact on WhatsApp, and under which id?" — `onWhatsApp` in batches, with the answer
 * cached in SQLite (wa_checks). Brazilian mobiles may be registered with or without the 9th digit:
 * we ask for every spelling and keep the jid WhatsApp returns (a message to the other spelling is
 * lost silently).
 */
import type { Db } from '../../db/open';
import { digitsFromJid, jidFromDigits } from '../jid';
import type { CheckResult } from '../types';

export const CHECK_BATCH = 50;
export const CHECK_TTL_MS = 30 * 24 * 60 * 60 * 1000;
/** "Not on WhatsApp" goes stale sooner: people install it. */
export const CHECK_NEGATIVE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export interface CachedCheck {
  jid: string | null;
  checkedAt: number;
}

export interface NumberCheckCache {
  get(phoneKeys: string[], now: number): Map<string, CachedCheck>;
  put(entries: Array<{ phoneKey: string; jid: string | null }>, now: number): void;
}

/** The wa_checks table as a cache; entries past their TTL read as misses. */
export function sqliteCheckCache(db: Db, ttlMs = CHECK_TTL_MS, negativeTtlMs = CHECK_NEGATIVE_TTL_MS): NumberCheckCache {
  const upsert = db.prepare(
    `INSERT INTO wa_checks (phone_key, jid, on_whatsapp, checked_at) VALUES (?, ?, ?, ?)
     ON CONFLICT(phone_key) DO UPDATE SET jid = excluded.jid, on_whatsapp = excluded.on_whatsapp, checked_at = excluded.checked_at`,
  );
  const putAll = db.transaction((entries: Array<{ phoneKey: string; jid: string | null }>, now: number) => {
    for (const e of entries) upsert.run(e.phoneKey, e.jid, e.jid ? 1 : 0, now);
  });
  return {
    get(phoneKeys, now) {
      const out = new Map<string, CachedCheck>();
      for (let i = 0; i < phoneKeys.length; i += 500) {
        const chunk = phoneKeys.slice(i, i + 500);
        const rows = db
          .prepare<unknown[], { phone_key: string; jid: string | null; on_whatsapp: number; checked_at: number }>(
            `SELECT phone_key, jid, on_whatsapp, checked_at FROM wa_checks WHERE phone_key IN (${chunk.map(() => '?').join(',')})`,
          )
          .all(...chunk);
        for (const r of rows) {
          const ttl = r.on_whatsapp ? ttlMs : negativeTtlMs;
          if (now - r.checked_at <= ttl) out.set(r.phone_key, { jid: r.on_whatsapp ? r.jid : null, checkedAt: r.checked_at });
        }
      }
      return out;
    },
    put(entries, now) {
      if (entries.length) putAll(entries, now);
    },
  };
}

/** Cache key of a contact: its first spelling in E.164 (the contact's `phone_key`). */
export function phoneKeyOf(variants: string[]): string | null {
  const d = (variants[0] ?? '').replace(/\D/g, '');
  return d.length >= 8 ? `+${d}` : null;
}

/** Brazilian mobile identity without the 9th digit: '55' + DDD + last 8 digits. */
function looseKey(digits: string): string {
  if (digits.startsWith('55') && (digits.length === 12 || digits.length === 13)) return `55${digits.slice(2, 4)}${digits.slice(-8)}`;
  return digits;
}

export type OnWhatsApp = (phones: string[]) => Promise<Array<{ jid: string; exists: unknown }> | undefined>;

/**
 * Resolves each contact's variants to the jid WhatsApp knows, asking in batches of `batch`
 * phone numbers. `onProgress` gets the number of contacts resolved so far.
 */
/** Thrown when `maxLookups` would be exceeded; `partial` holds the contacts resolved so far. */
export class CheckLimitReached extends Error {
  constructor(
    readonly partial: CheckResult[],
    readonly lookups: number,
  ) {
    super('daily number-check limit reached');
    this.name = 'CheckLimitReached';
  }
}

export interface CheckPacing {
  /** Pause before each batch after the first (ms); WhatsApp flags accounts that look up numbers in bursts. */
  pauseMs: () => number;
  /** Phone numbers this run may still ask WhatsApp about (the daily ceiling minus today's use). */
  maxLookups?: number;
  /** Called with the phone numbers asked in each batch (to count them against the ceiling). */
  onLookups?: (n: number) => void;
  wait?: (ms: number) => Promise<void>;
}

export async function checkNumbersWith(
  onWhatsApp: OnWhatsApp,
  candidates: string[][],
  opts: { cache?: NumberCheckCache | null; now?: () => number; batch?: number; onProgress?: (done: number) => void; pacing?: CheckPacing } = {},
): Promise<CheckResult[]> {
  const now = opts.now ?? Date.now;
  const batch = Math.max(1, opts.batch ?? CHECK_BATCH);
  const variants = candidates.map((c) => [...new Set(c.map((v) => v.replace(/\D/g, '')).filter((v) => v.length >= 8))]);
  const keys = variants.map(phoneKeyOf);
  const results: Array<string | null | undefined> = new Array(candidates.length).fill(undefined);

  const cached = opts.cache?.get(keys.filter((k): k is string => k !== null), now()) ?? new Map<string, CachedCheck>();
  const pending: number[] = [];
  variants.forEach((v, i) => {
    const k = keys[i];
    if (!k || v.length === 0) results[i] = null;
    else if (cached.has(k)) results[i] = cached.get(k)!.jid;
    else pending.push(i);
  });
  let done = candidates.length - pending.length;
  opts.onProgress?.(done);

  // Group whole contacts into batches of at most `batch` phone numbers.
  let group: number[] = [];
  let size = 0;
  let batches = 0;
  let lookups = 0;
  const pacing = opts.pacing;
  const wait = pacing?.wait ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const flush = async () => {
    if (!group.length) return;
    const phones = group.flatMap((i) => variants[i]);
    if (pacing?.maxLookups !== undefined && lookups + phones.length > pacing.maxLookups) {
      const partial = candidates.flatMap((input, i) => (results[i] === undefined ? [] : [{ input, jid: results[i] ?? null }]));
      throw new CheckLimitReached(partial, lookups);
    }
    if (pacing && batches > 0) await wait(pacing.pauseMs());
    batches += 1;
    lookups += phones.length;
    pacing?.onLookups?.(phones.length);
    const found = (await onWhatsApp(phones)) ?? [];
    const byDigits = new Map<string, string>();
    const byLoose = new Map<string, string>();
    for (const r of found) {
      if (!r || !r.exists || typeof r.jid !== 'string') continue;
      const d = digitsFromJid(r.jid);
      if (!d) continue;
      const jid = jidFromDigits(d);
      byDigits.set(d, jid);
      byLoose.set(looseKey(d), jid);
    }
    const fresh: Array<{ phoneKey: string; jid: string | null }> = [];
    for (const i of group) {
      const exact = variants[i].map((v) => byDigits.get(v)).find(Boolean);
      const jid = exact ?? variants[i].map((v) => byLoose.get(looseKey(v))).find(Boolean) ?? null;
      results[i] = jid;
      fresh.push({ phoneKey: keys[i]!, jid });
    }
    opts.cache?.put(fresh, now());
    done += group.length;
    opts.onProgress?.(done);
    group = [];
    size = 0;
  };
  for (const i of pending) {
    if (size + variants[i].length > batch && group.length) await flush();
    group.push(i);
    size += variants[i].length;
  }
  await flush();

  return candidates.map((input, i) => ({ input, jid: results[i] ?? null }));
}

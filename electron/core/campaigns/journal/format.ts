/**
 * The send journal's on-disk format: one record per line, tab-separated, ending with a CRC-32
 * of the line, so a torn or damaged line (power cut mid-write) is recognised and ignored.
 *
 *   I <campaign uid> <phone> <message id> <number id> <variation> <at>   about to hand it to the channel
 *   O <campaign uid> <message id> s|n|r <at>   the channel accepted it (s) / it never left (n) /
 *                                              the user released it for another attempt (r)
 *
 * Only an `I` record is written durably before the send; `O s` may be lost in a crash (the send
 * then counts as "maybe sent"), `O n` is durable before the delivery goes back to the queue.
 */
import { crc32 } from 'node:zlib';

export const JOURNAL_HEADER = 'RECADO-SEND-JOURNAL\t1\n';

export interface IntentRecord {
  t: 'I';
  campaign: string;
  phone: string;
  messageId: string;
  numberId: number | null;
  variation: number | null;
  at: number;
}

export interface OutcomeRecord {
  t: 'O';
  campaign: string;
  messageId: string;
  outcome: 'sent' | 'not_sent' | 'released';
  at: number;
}

export type JournalRecord = IntentRecord | OutcomeRecord;

const OUTCOME_CODE = { sent: 's', not_sent: 'n', released: 'r' } as const;
const OUTCOME_OF = { s: 'sent', n: 'not_sent', r: 'released' } as const;
const FIELD = /^[^\t\n\r]{1,200}$/;

function field(v: string, name: string): string {
  if (!FIELD.test(v)) throw new Error(`send journal: invalid ${name}`);
  return v;
}

function withCrc(body: string): string {
  return `${body}\t${crc32(body).toString(16).padStart(8, '0')}\n`;
}

export function encodeRecord(r: JournalRecord): string {
  if (r.t === 'I') {
    return withCrc(['I', field(r.campaign, 'campaign'), field(r.phone, 'phone'), field(r.messageId, 'message id'), r.numberId ?? '', r.variation ?? '', Math.round(r.at)].join('\t'));
  }
  return withCrc(['O', field(r.campaign, 'campaign'), field(r.messageId, 'message id'), OUTCOME_CODE[r.outcome], Math.round(r.at)].join('\t'));
}

/** One line without its newline; null when torn, damaged or unknown. */
export function decodeLine(line: string): JournalRecord | null {
  const cut = line.lastIndexOf('\t');
  if (cut < 0) return null;
  const body = line.slice(0, cut);
  if (line.slice(cut + 1) !== crc32(body).toString(16).padStart(8, '0')) return null;
  const f = body.split('\t');
  if (f[0] === 'I' && f.length === 7) {
    const at = Number(f[6]);
    const numberId = f[4] === '' ? null : Number(f[4]);
    const variation = f[5] === '' ? null : Number(f[5]);
    if (!Number.isFinite(at) || (numberId !== null && !Number.isInteger(numberId)) || (variation !== null && !Number.isInteger(variation))) return null;
    return { t: 'I', campaign: f[1], phone: f[2], messageId: f[3], numberId, variation, at };
  }
  if (f[0] === 'O' && f.length === 5 && (f[3] === 's' || f[3] === 'n' || f[3] === 'r')) {
    const at = Number(f[4]);
    if (!Number.isFinite(at)) return null;
    return { t: 'O', campaign: f[1], messageId: f[2], outcome: OUTCOME_OF[f[3]], at };
  }
  return null;
}

export interface ParsedJournal {
  records: JournalRecord[];
  /** The file starts with the journal header. */
  headerOk: boolean;
  /** Bytes up to the end of the last complete line (a torn tail after it is dropped). */
  completeBytes: number;
  /** Complete lines that failed their check (damage, not a torn tail). */
  damaged: number;
}

export function parseJournal(buf: Buffer, expectHeader = true): ParsedJournal {
  const lastNewline = buf.lastIndexOf(0x0a);
  const completeBytes = lastNewline + 1;
  const text = buf.toString('utf8', 0, completeBytes);
  const lines = text.split('\n');
  lines.pop(); // after the last newline
  let start = 0;
  let headerOk = !expectHeader;
  if (expectHeader && lines.length && `${lines[0]}\n` === JOURNAL_HEADER) {
    headerOk = true;
    start = 1;
  }
  const records: JournalRecord[] = [];
  let damaged = 0;
  for (let i = start; i < lines.length; i++) {
    if (!lines[i]) continue;
    const r = decodeLine(lines[i]);
    if (r) records.push(r);
    else damaged++;
  }
  return { records, headerOk, completeBytes, damaged };
}

/** What is known about one message id. */
export interface ResolvedSend {
  campaign: string;
  phone: string;
  messageId: string;
  numberId: number | null;
  variation: number | null;
  /** When the send was journalled (just before the channel got it). */
  at: number;
  /** sent = the channel accepted it; unknown = it was handed over and nothing more is known; not_sent = it never left. */
  outcome: 'sent' | 'unknown' | 'not_sent';
  /** When the outcome was recorded. */
  outcomeAt: number | null;
}

const RANK = { not_sent: 0, sent: 1, released: 2 } as const;

/** Folds records into one entry per message id (outcomes without their intent are ignored). */
export function resolveSends(records: Iterable<JournalRecord>): Map<string, ResolvedSend> {
  const out = new Map<string, ResolvedSend>();
  const outcomes = new Map<string, OutcomeRecord>();
  for (const r of records) {
    if (r.t === 'I') {
      if (!out.has(r.messageId)) out.set(r.messageId, { campaign: r.campaign, phone: r.phone, messageId: r.messageId, numberId: r.numberId, variation: r.variation, at: r.at, outcome: 'unknown', outcomeAt: null });
    } else {
      const prev = outcomes.get(r.messageId);
      // The user's release wins (their decision to resend); then "sent" over "not sent": being
      // wrong the other way round would resend.
      if (!prev || RANK[r.outcome] > RANK[prev.outcome]) outcomes.set(r.messageId, r);
    }
  }
  for (const [id, o] of outcomes) {
    const s = out.get(id);
    if (s) {
      s.outcome = o.outcome === 'released' ? 'not_sent' : o.outcome;
      s.outcomeAt = o.at;
    }
  }
  return out;
}

/** The records that still matter once a campaign has ended: sends that went out or may have. */
export function compactRecords(records: Iterable<JournalRecord>): JournalRecord[] {
  const out: JournalRecord[] = [];
  for (const s of resolveSends(records).values()) {
    if (s.outcome === 'not_sent') continue;
    out.push({ t: 'I', campaign: s.campaign, phone: s.phone, messageId: s.messageId, numberId: s.numberId, variation: s.variation, at: s.at });
    if (s.outcome === 'sent') out.push({ t: 'O', campaign: s.campaign, messageId: s.messageId, outcome: 'sent', at: s.outcomeAt ?? s.at });
  }
  return out;
}

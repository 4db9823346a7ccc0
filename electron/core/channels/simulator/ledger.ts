/**
 * Append-only record of every message the Simulator accepted (JSON lines). Each entry is on disk
 * (fdatasync) before `send` resolves, so after a crash the ledger is the ground truth of what
 * "went out": crash-safety tests compare it with the database (no duplicates, no losses).
 * Writes are group-committed off the event loop (lib/durable-file.ts), so a busy rehearsal does
 * not stall the core on the disk. Only a SHA-256 of the text is stored, never the text.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GroupCommitAppender, syncDir } from '../../lib/durable-file';

export interface LedgerEntry {
  v: 1;
  channelId: string;
  messageId: string;
  jid: string;
  /** SHA-256 (hex) of the exact text sent; compare with {@link hashText}. */
  textSha256: string;
  textLength: number;
  attachment?: 'image' | 'document' | 'audio' | 'video';
  /** When the Simulator accepted the message (epoch ms). */
  at: number;
}

/** SHA-256 hex of a message text, as stored in the ledger. */
export function hashText(text: string): string {
  // One-shot hash (Node ≥ 20.12): no Hash object per message.
  return typeof crypto.hash === 'function' ? crypto.hash('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Where a simulated number keeps its ledger inside the user's data folder. */
export function simulatorLedgerPath(dataDir: string, channelId: string): string {
  const safe = channelId.replace(/[^A-Za-z0-9_-]/g, '_');
  return path.join(dataDir, 'simulator', `${safe}.ledger.jsonl`);
}

/** Durable appender. Not safe to share one file between two processes. */
export class LedgerWriter {
  private fd: number | null = null;
  private appender: GroupCommitAppender | null = null;
  /** The file ended without a newline (torn write from a crash): start the next entry on a new line. */
  private needsNewline = false;

  constructor(readonly file: string) {}

  open(): void {
    if (this.fd !== null) return;
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true });
    const existed = fs.existsSync(this.file);
    this.fd = fs.openSync(this.file, 'a+');
    const size = fs.fstatSync(this.fd).size;
    if (existed) {
      if (size > 0) {
        const last = Buffer.alloc(1);
        fs.readSync(this.fd, last, 0, 1, size - 1);
        this.needsNewline = last[0] !== 0x0a;
      }
    } else {
      fs.fsyncSync(this.fd);
      syncDir(dir);
    }
    this.appender = new GroupCommitAppender(this.fd, size);
  }

  /** Appends one entry; resolves only once it is on disk. */
  append(entry: LedgerEntry): Promise<void> {
    if (this.fd === null) this.open();
    const line = (this.needsNewline ? '\n' : '') + JSON.stringify(entry) + '\n';
    this.needsNewline = false;
    return this.appender!.append(line);
  }

  /** Waits for what was appended, then closes the file. */
  async close(): Promise<void> {
    if (this.fd === null) return;
    const fd = this.fd;
    const appender = this.appender;
    this.fd = null;
    this.appender = null;
    await appender?.flush();
    fs.closeSync(fd);
  }
}

/**
 * Every complete entry in a ledger file, in write order. A torn last line (crash mid-write) and
 * other unparsable lines are skipped; a missing file reads as empty.
 */
export function readLedger(file: string): LedgerEntry[] {
  let raw: string;
  try {
    raw = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const out: LedgerEntry[] = [];
  for (const line of raw.split('\n')) {
    if (!line.trim()) continue;
    try {
      const v = JSON.parse(line) as LedgerEntry;
      if (v && typeof v.messageId === 'string') out.push(v);
    } catch {
      // torn line
    }
  }
  return out;
}

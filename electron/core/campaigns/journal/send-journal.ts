/**
 * The send journal: an append-only file outside the database, in `<dataDir>/send-journal/`,
 * recording every campaign send just before the message is handed to the channel. It is not
 * part of backups and a restore never replaces it, so after a restore (or a database that lost
 * its last commits) it still knows what went out. See ./README.md.
 *
 * Writes are group-committed off the event loop: records queue up in memory; one flush at a
 * time writes all queued records with one `write` and one `fdatasync` on libuv's thread pool
 * and then resolves their promises. Records that arrive during a flush go in the next one.
 *
 * - `active.log`: records of campaigns that have not ended.
 * - `archive/<campaign uid>.log`: what an ended campaign sent (or may have), moved there by
 *   compaction; read again only if that campaign is active in the database again (a restore).
 *
 * One process only (the holder of the data-dir lock); the CLI never opens it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { appendDurably, syncDir } from '../../lib/durable-file';
import { compactRecords, encodeRecord, JOURNAL_HEADER, parseJournal, type IntentRecord, type JournalRecord } from './format';

export const JOURNAL_DIR = 'send-journal';
const ACTIVE = 'active.log';
const ARCHIVE = 'archive';
const UID = /^[A-Za-z0-9-]{1,64}$/;

const close = (fd: number) => promisify(fs.close)(fd);

export class JournalError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause !== undefined ? { cause } : undefined);
    this.name = 'JournalError';
  }
}

export interface SendJournalOptions {
  /** Told about a compaction that failed (the records stay in the active file). */
  onError?: (err: unknown, what: string) => void;
}

interface Pending {
  line: string;
  resolve(): void;
  reject(err: unknown): void;
}

export function journalDir(dataDir: string): string {
  return path.join(dataDir, JOURNAL_DIR);
}

export class SendJournal {
  /** False when this open created the journal (first start, or the file was deleted or unreadable). */
  readonly existedBefore: boolean;
  private readonly dir: string;
  private readonly activeFile: string;
  private fd: number;
  private size: number;
  private queue: Pending[] = [];
  private readonly toCompact = new Set<string>();
  /** A flush loop is running; cleared by the loop itself, in the same turn it finds nothing to do. */
  private busy = false;
  private running: Promise<void> = Promise.resolve();
  private closed = false;
  /** Campaign uids with records in the active file. */
  private readonly activeUids = new Set<string>();
  private startup: JournalRecord[] | null;

  private constructor(
    dataDir: string,
    private readonly opts: SendJournalOptions,
  ) {
    this.dir = journalDir(dataDir);
    this.activeFile = path.join(this.dir, ACTIVE);
    fs.mkdirSync(path.join(this.dir, ARCHIVE), { recursive: true, mode: 0o700 });
    let existed = false;
    let records: JournalRecord[] = [];
    let buf: Buffer | null = null;
    try {
      buf = fs.readFileSync(this.activeFile);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (buf) {
      const parsed = parseJournal(buf);
      if (parsed.headerOk) {
        existed = true;
        records = parsed.records;
        if (parsed.completeBytes < buf.length) fs.truncateSync(this.activeFile, parsed.completeBytes); // torn tail: never acknowledged
      } else {
        // Not a journal we can read: keep it aside for support and start over, conservatively.
        fs.renameSync(this.activeFile, `${this.activeFile}.damaged-${Date.now()}`);
      }
    }
    if (!existed) writeFileDurably(this.activeFile, JOURNAL_HEADER);
    this.existedBefore = existed;
    this.fd = fs.openSync(this.activeFile, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
    for (const r of records) this.activeUids.add(r.campaign);
    this.startup = records;
  }

  /** Opens (creating if needed) the journal of a data folder. Synchronous: call at start-up. */
  static open(dataDir: string, opts: SendJournalOptions = {}): SendJournal {
    return new SendJournal(dataDir, opts);
  }

  /** The records of the active file as found at open (once; later calls get an empty list). */
  takeStartupRecords(): JournalRecord[] {
    const r = this.startup ?? [];
    this.startup = null;
    return r;
  }

  /** Resolves once the record is on disk: only then may the message be handed to the channel. */
  intent(r: Omit<IntentRecord, 't'>): Promise<void> {
    return this.append({ t: 'I', ...r });
  }

  /**
   * The send's outcome. `sent` need not wait (losing it only turns "sent" into "maybe sent");
   * `not_sent` must be on disk before the delivery goes back to the queue; `released` is the
   * user's "reenviar para falhas" and overrides the others.
   */
  outcome(campaign: string, messageId: string, outcome: 'sent' | 'not_sent' | 'released', at: number): Promise<void> {
    return this.append({ t: 'O', campaign, messageId, outcome, at });
  }

  /** Every record of one campaign: the active file and its archive. Synchronous; for rare paths. */
  recordsFor(campaign: string): JournalRecord[] {
    const out: JournalRecord[] = [];
    if (this.activeUids.has(campaign)) {
      // Lines still being written fail their check and are skipped: they are not durable yet.
      for (const r of parseJournal(fs.readFileSync(this.activeFile)).records) if (r.campaign === campaign) out.push(r);
    }
    out.push(...this.archived(campaign));
    return out;
  }

  /** The archived records of an ended campaign (empty when none). */
  archived(campaign: string): JournalRecord[] {
    if (!UID.test(campaign)) return [];
    try {
      return parseJournal(fs.readFileSync(path.join(this.dir, ARCHIVE, `${campaign}.log`))).records;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** Campaign uids with records in the active file. */
  campaignsInActive(): string[] {
    return [...this.activeUids];
  }

  /**
   * The campaigns ended: move what they sent to their archives and drop them from the active
   * file. Runs between flushes, so it never races an append.
   */
  compact(campaigns: Iterable<string>): void {
    for (const c of campaigns) if (this.activeUids.has(c) && UID.test(c)) this.toCompact.add(c);
    if (this.toCompact.size) this.kick();
  }

  /** Waits until everything queued so far is on disk (and pending compactions are done). */
  async flush(): Promise<void> {
    while (this.busy) await this.running;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.toCompact.clear();
    await this.flush();
    this.closed = true;
    await close(this.fd).catch(() => {});
  }

  /** Deletes the journal and its archives ("apagar todos os dados"); starts an empty one. */
  async clear(): Promise<void> {
    this.toCompact.clear();
    await this.flush();
    await close(this.fd).catch(() => {});
    fs.rmSync(this.dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(this.dir, ARCHIVE), { recursive: true, mode: 0o700 });
    writeFileDurably(this.activeFile, JOURNAL_HEADER);
    this.fd = fs.openSync(this.activeFile, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
    this.activeUids.clear();
  }

  // ---------------------------------------------------------------- internals

  private append(r: JournalRecord): Promise<void> {
    if (this.closed) return Promise.reject(new JournalError('send journal closed'));
    let line: string;
    try {
      line = encodeRecord(r);
    } catch (err) {
      return Promise.reject(new JournalError((err as Error).message, err));
    }
    this.activeUids.add(r.campaign);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.busy) return;
    this.busy = true;
    this.running = this.loop().catch((err: unknown) => {
      this.busy = false;
      this.opts.onError?.(err, 'flush');
    });
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (this.queue.length) await this.commit(this.queue.splice(0));
      else if (this.toCompact.size) {
        const uids = [...this.toCompact];
        this.toCompact.clear();
        try {
          await this.compactNow(uids);
        } catch (err) {
          this.opts.onError?.(err, 'compaction');
        }
      } else {
        // Decided in the same turn as the emptiness check: a record appended after this starts a new loop.
        this.busy = false;
        return;
      }
    }
  }

  /** One group commit: a single write and a single fdatasync for the whole batch. */
  private async commit(batch: Pending[]): Promise<void> {
    const buf = Buffer.from(batch.length === 1 ? batch[0].line : batch.map((p) => p.line).join(''), 'utf8');
    try {
      // On failure it cuts whatever part of the batch reached the file: none of it was acknowledged.
      await appendDurably(this.fd, this.size, buf);
      this.size += buf.length;
      for (const p of batch) p.resolve();
    } catch (err) {
      const e = new JournalError(`send journal write failed: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, err);
      for (const p of batch) p.reject(e);
    }
  }

  private async compactNow(uids: string[]): Promise<void> {
    const ended = new Set(uids);
    const parsed = parseJournal(await fs.promises.readFile(this.activeFile));
    const keep: JournalRecord[] = [];
    const moved = new Map<string, JournalRecord[]>();
    for (const r of parsed.records) {
      if (ended.has(r.campaign)) {
        let list = moved.get(r.campaign);
        if (!list) moved.set(r.campaign, (list = []));
        list.push(r);
      } else keep.push(r);
    }
    // 1. Archives first: until the active file is replaced, the records are in both (harmless).
    for (const [uid, records] of moved) {
      const file = path.join(this.dir, ARCHIVE, `${uid}.log`);
      const all = compactRecords([...this.archived(uid), ...records]);
      await writeFileDurablyAsync(file, JOURNAL_HEADER + all.map(encodeRecord).join(''));
    }
    // 2. The active file without them, swapped in atomically.
    const text = JOURNAL_HEADER + keep.map(encodeRecord).join('');
    await close(this.fd);
    try {
      await writeFileDurablyAsync(this.activeFile, text);
    } finally {
      this.fd = fs.openSync(this.activeFile, 'a', 0o600);
      this.size = fs.fstatSync(this.fd).size;
    }
    for (const uid of ended) this.activeUids.delete(uid);
    for (const r of keep) this.activeUids.add(r.campaign);
  }
}

/** Writes `file` via a temporary file, fsync and rename, then makes the rename durable. */
function writeFileDurably(file: string, text: string): void {
  const tmp = `${file}.tmp`;
  const fd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeFileSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDir(path.dirname(file));
}

async function writeFileDurablyAsync(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  const fh = await fs.promises.open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(text);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.promises.rename(tmp, file);
  syncDir(path.dirname(file));
}

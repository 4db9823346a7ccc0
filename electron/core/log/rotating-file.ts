import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';

export interface RotatingFileOptions {
  file: string;
  /** Rotate once the current file would exceed this many bytes. */
  maxBytes?: number;
  /** How many rotated files to keep (file.1 newest ... file.N oldest). */
  keep?: number;
}

/**
 * A size-rotated log file written synchronously, so the last lines before a crash are on disk.
 * Log volume is small (no per-message logging of contents), so sync writes cost little.
 */
export class RotatingFile extends Writable {
  private fd: number;
  private size: number;
  private readonly maxBytes: number;
  private readonly keep: number;

  constructor(private readonly options: RotatingFileOptions) {
    super({ decodeStrings: true });
    this.maxBytes = options.maxBytes ?? 5 * 1024 * 1024;
    this.keep = options.keep ?? 3;
    fs.mkdirSync(path.dirname(options.file), { recursive: true });
    this.fd = fs.openSync(options.file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    try {
      this.writeNow(chunk);
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  /**
   * pino calls this directly; keep it synchronous. A log line is never worth a crash: on a full
   * disk or a vanished folder the line is dropped and the caller carries on.
   */
  writeNow(chunk: Buffer): void {
    try {
      if (this.size + chunk.length > this.maxBytes && this.size > 0) this.rotate();
      fs.writeSync(this.fd, chunk);
      this.size += chunk.length;
    } catch {
      this.dropped++;
    }
  }

  /** Lines lost to write errors (full disk, read-only folder). */
  dropped = 0;

  private rotate(): void {
    fs.closeSync(this.fd);
    const { file } = this.options;
    for (let i = this.keep - 1; i >= 1; i--) {
      const from = `${file}.${i}`;
      if (fs.existsSync(from)) fs.renameSync(from, `${file}.${i + 1}`);
    }
    fs.renameSync(file, `${file}.1`);
    this.fd = fs.openSync(file, 'a', 0o600);
    this.size = 0;
  }

  override _final(done: (err?: Error | null) => void): void {
    try {
      fs.closeSync(this.fd);
      done();
    } catch (err) {
      done(err as Error);
    }
  }
}

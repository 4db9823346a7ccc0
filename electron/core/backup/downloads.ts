import crypto from 'node:crypto';
import fs from 'node:fs';

/**
 * Browser mode cannot save to a path the user picks, so a produced file (backup, export) is
 * offered once at `/download/<token>` on the authenticated host. Tokens are random, single
 * use and expire; temporary files (exports full of personal data) are deleted after they are
 * served or when they expire.
 */

export const DOWNLOAD_TTL_MS = 15 * 60_000;

interface Download {
  file: string;
  fileName: string;
  /** Delete the file once served or expired (exports); backups stay in backups/manual. */
  temporary: boolean;
  expiresAt: number;
  timer: ReturnType<typeof setTimeout>;
}

export interface OpenedDownload {
  fileName: string;
  bytes: number;
  stream: fs.ReadStream;
}

export interface ClaimedDownload {
  file: string;
  fileName: string;
  bytes: number;
  /** Remove `file` once it has been sent. */
  temporary: boolean;
}

/** The downloads on offer in one core (one per core, built by the composition root, services.ts). */
export class Downloads {
  private readonly items = new Map<string, Download>();

  /** Offers `file` for one download; returns the URL path the UI opens. */
  register(file: string, fileName: string, options: { temporary: boolean; ttlMs?: number }): string {
    const token = crypto.randomBytes(24).toString('base64url');
    const ttl = options.ttlMs ?? DOWNLOAD_TTL_MS;
    const timer = setTimeout(() => this.expire(token), ttl);
    timer.unref();
    this.items.set(token, { file, fileName, temporary: options.temporary, expiresAt: Date.now() + ttl, timer });
    return `/download/${token}`;
  }

  /**
   * Takes the download for `token` (it cannot be used again); null when the token is unknown,
   * used or expired. The caller sends `file`, then removes it when `temporary`.
   */
  claim(token: string): ClaimedDownload | null {
    const d = this.items.get(token);
    if (!d) return null;
    this.items.delete(token);
    clearTimeout(d.timer);
    if (d.expiresAt < Date.now()) {
      if (d.temporary) fs.rmSync(d.file, { force: true });
      return null;
    }
    let bytes: number;
    try {
      bytes = fs.statSync(d.file).size;
    } catch {
      return null;
    }
    return { file: d.file, fileName: d.fileName, bytes, temporary: d.temporary };
  }

  /** {@link claim}, opened: the file is removed after streaming when temporary. */
  take(token: string): OpenedDownload | null {
    const d = this.claim(token);
    return d ? openClaimedDownload(d) : null;
  }

  /** At shutdown: every offer ends and its temporary file goes. */
  close(): void {
    for (const token of [...this.items.keys()]) this.expire(token);
  }

  private expire(token: string): void {
    const d = this.items.get(token);
    if (!d) return;
    this.items.delete(token);
    clearTimeout(d.timer);
    if (d.temporary) fs.rmSync(d.file, { force: true });
  }
}

export function openClaimedDownload(d: ClaimedDownload): OpenedDownload {
  const stream = fs.createReadStream(d.file);
  if (d.temporary) stream.on('close', () => fs.rmSync(d.file, { force: true }));
  return { fileName: d.fileName, bytes: d.bytes, stream };
}

/** `Content-Disposition` for a download, safe for any file name. */
export function attachmentHeader(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

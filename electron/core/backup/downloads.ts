import crypto from 'node:crypto';
import fs from 'node:fs';
import type { CoreContext } from '../context';

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

interface Registry {
  items: Map<string, Download>;
}

const registries = new WeakMap<CoreContext, Registry>();

function registry(ctx: CoreContext): Registry {
  let reg = registries.get(ctx);
  if (!reg) {
    const created: Registry = { items: new Map() };
    reg = created;
    registries.set(ctx, reg);
    ctx.onClose(() => {
      for (const token of [...created.items.keys()]) expire(created, token);
    });
  }
  return reg;
}

function expire(reg: Registry, token: string): void {
  const d = reg.items.get(token);
  if (!d) return;
  reg.items.delete(token);
  clearTimeout(d.timer);
  if (d.temporary) fs.rmSync(d.file, { force: true });
}

/** Offers `file` for one download; returns the URL path the UI opens. */
export function registerDownload(ctx: CoreContext, file: string, fileName: string, options: { temporary: boolean; ttlMs?: number }): string {
  const reg = registry(ctx);
  const token = crypto.randomBytes(24).toString('base64url');
  const ttl = options.ttlMs ?? DOWNLOAD_TTL_MS;
  const timer = setTimeout(() => expire(reg, token), ttl);
  timer.unref();
  reg.items.set(token, { file, fileName, temporary: options.temporary, expiresAt: Date.now() + ttl, timer });
  return `/download/${token}`;
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

/**
 * Takes the download for `token` (it cannot be used again); null when the token is unknown,
 * used or expired. The caller sends `file`, then removes it when `temporary`.
 */
export function claimDownload(ctx: CoreContext, token: string): ClaimedDownload | null {
  const reg = registry(ctx);
  const d = reg.items.get(token);
  if (!d) return null;
  reg.items.delete(token);
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

/** {@link claimDownload}, opened: the file is removed after streaming when temporary. */
export function takeDownload(ctx: CoreContext, token: string): OpenedDownload | null {
  const d = claimDownload(ctx, token);
  return d ? openClaimedDownload(d) : null;
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

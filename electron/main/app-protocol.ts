import fs from 'node:fs/promises';
import path from 'node:path';
import { contentType, resolveInside } from '../host/static-files';
import { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAppUrl } from './security';

/**
 * What the app:// protocol serves: files strictly inside the built renderer folder.
 * Plain Node (no Electron) so the traversal guard is tested directly.
 */

export interface AppFileResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** The file a request maps to, or null when it is outside our origin or escapes `root`. */
export function resolveAppRequest(root: string, requestUrl: string): string | null {
  if (!isAppUrl(requestUrl)) return null;
  // Take the raw path (before Chromium or WHATWG normalisation) so resolveInside sees every trick.
  const rest = requestUrl.slice(APP_ORIGIN.length);
  const rawPath = rest.split(/[?#]/, 1)[0] || '/';
  return resolveInside(root, rawPath);
}

const baseHeaders = (): Record<string, string> => ({
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

function refuse(status: number): AppFileResponse {
  return { status, headers: { ...baseHeaders(), 'Content-Type': 'text/plain; charset=utf-8' }, body: null };
}

async function readFile(file: string): Promise<Buffer | null> {
  try {
    const stat = await fs.stat(file);
    return await fs.readFile(stat.isDirectory() ? path.join(file, 'index.html') : file);
  } catch {
    return null;
  }
}

/**
 * Answers one app:// request. Paths without an extension fall back to index.html so the UI's
 * client-side routes survive a reload; a missing asset is a plain 404.
 */
export async function readAppFile(root: string, requestUrl: string): Promise<AppFileResponse> {
  const file = resolveAppRequest(root, requestUrl);
  if (!file) return refuse(403);
  let served = file;
  let body = await readFile(file);
  if (!body && path.extname(file) === '') {
    served = path.join(root, 'index.html');
    body = await readFile(served);
  }
  if (!body) return refuse(404);
  const isHtml = served.endsWith('.html') || (await isDirectory(served));
  return {
    status: 200,
    headers: {
      ...baseHeaders(),
      'Content-Type': isHtml ? 'text/html; charset=utf-8' : contentType(served),
      'Cache-Control': isHtml ? 'no-store' : 'public, max-age=31536000, immutable',
    },
    body,
  };
}

async function isDirectory(file: string): Promise<boolean> {
  try {
    return (await fs.stat(file)).isDirectory();
  } catch {
    return false;
  }
}

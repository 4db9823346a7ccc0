import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webp': 'image/webp',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Maps a URL path to a file strictly inside `root`. Returns null for anything that would
 * escape it (../, encoded separators, absolute paths, NUL bytes).
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const rel = path.posix.normalize('/' + decoded).replace(/^\/+/, '');
  if (rel.split('/').includes('..')) return null;
  const absRoot = path.resolve(root);
  const full = path.resolve(absRoot, rel || 'index.html');
  if (full !== absRoot && !full.startsWith(absRoot + path.sep)) return null;
  return full;
}

export function readStatic(root: string, urlPath: string): { file: string; body: Buffer } | null {
  const file = resolveInside(root, urlPath);
  if (!file) return null;
  try {
    const stat = fs.statSync(file);
    const target = stat.isDirectory() ? path.join(file, 'index.html') : file;
    return { file: target, body: fs.readFileSync(target) };
  } catch {
    return null;
  }
}

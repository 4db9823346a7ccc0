import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppFile, resolveAppRequest } from '../../../electron/main/app-protocol';
import { cspProblems } from '../../../electron/main/security';

let base: string;
let root: string;

beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-app-protocol-'));
  root = path.join(base, 'renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Recado</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  // A file right next to the UI folder that must never be reachable.
  fs.writeFileSync(path.join(base, 'secret.key'), 'top secret');
});

afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

describe('app:// path guard', () => {
  it('maps UI paths inside the renderer folder', () => {
    expect(resolveAppRequest(root, 'app://recado/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequest(root, 'app://recado/index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppRequest(root, 'app://recado/assets/app.js?v=2#top')).toBe(path.join(root, 'assets', 'app.js'));
  });

  it.each([
    'app://recado/../secret.key',
    'app://recado/assets/../../secret.key',
    'app://recado/%2e%2e/secret.key',
    'app://recado/%2E%2E%2Fsecret.key',
    'app://recado/..%2fsecret.key',
    'app://recado/..%5csecret.key',
    'app://recado/%5c..%5csecret.key',
    'app://recado/..\\secret.key',
    'app://recado//etc/passwd',
    'app://recado/C:/Windows/win.ini',
    'app://recado/%2Fetc%2Fpasswd',
    'app://recado/index.html%00.png',
    'app://recado/%E0%A4%A', // malformed escape
  ])('never escapes the renderer folder: %s', (url) => {
    const file = resolveAppRequest(root, url);
    if (file !== null) expect(file.startsWith(root + path.sep)).toBe(true);
  });

  it('rejects NUL bytes, encoded backslashes and malformed escapes outright', () => {
    expect(resolveAppRequest(root, 'app://recado/index.html%00.png')).toBeNull();
    expect(resolveAppRequest(root, 'app://recado/..%5csecret.key')).toBeNull();
    expect(resolveAppRequest(root, 'app://recado/%E0%A4%A')).toBeNull();
  });

  it('serves nothing for other hosts or schemes', () => {
    expect(resolveAppRequest(root, 'app://evil/index.html')).toBeNull();
    expect(resolveAppRequest(root, 'file:///etc/passwd')).toBeNull();
  });
});

describe('app:// responses', () => {
  it('serves index.html with a strict CSP and no caching', async () => {
    const res = await readAppFile(root, 'app://recado/');
    expect(res.status).toBe(200);
    expect(res.body?.toString()).toContain('<title>Recado</title>');
    expect(res.headers['Content-Type']).toMatch(/^text\/html/);
    expect(res.headers['Cache-Control']).toBe('no-store');
    expect(cspProblems(res.headers['Content-Security-Policy'])).toEqual([]);
    expect(res.headers['X-Content-Type-Options']).toBe('nosniff');
  });

  it('serves assets with their content type', async () => {
    const res = await readAppFile(root, 'app://recado/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toMatch(/^text\/javascript/);
  });

  it('falls back to index.html for client-side routes but 404s missing assets', async () => {
    const route = await readAppFile(root, 'app://recado/campanhas/12');
    expect(route.status).toBe(200);
    expect(route.body?.toString()).toContain('Recado');
    const missing = await readAppFile(root, 'app://recado/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.body).toBeNull();
  });

  it('refuses traversal with 403 and never returns the outside file', async () => {
    for (const url of ['app://recado/..%5csecret.key', 'app://recado/index.html%00']) {
      const res = await readAppFile(root, url);
      expect(res.status).toBe(403);
      expect(res.body).toBeNull();
    }
    for (const url of ['app://recado/../secret.key', 'app://recado/%2e%2e/secret.key', 'app://recado/..%2fsecret.key']) {
      const res = await readAppFile(root, url);
      expect(res.body?.toString() ?? '').not.toContain('top secret');
    }
  });
});

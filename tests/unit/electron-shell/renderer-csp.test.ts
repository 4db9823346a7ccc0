import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cspFromHtml, cspProblems } from '../../../electron/main/security';

const root = fileURLToPath(new URL('../../../', import.meta.url)).replace(/[\\/]$/, '');
const pages = [path.join(root, 'renderer', 'index.html'), path.join(root, 'dist', 'renderer', 'index.html')].filter((f) => fs.existsSync(f));

describe('renderer CSP meta tag', () => {
  it('finds the source page', () => {
    expect(pages[0]).toBe(path.join(root, 'renderer', 'index.html'));
  });

  it.each(pages.map((f) => [path.relative(root, f), f]))('%s carries a strict Content-Security-Policy', (_name, file) => {
    const policy = cspFromHtml(fs.readFileSync(file, 'utf8'));
    expect(policy).not.toBeNull();
    expect(cspProblems(policy)).toEqual([]);
  });
});

describe('cspFromHtml', () => {
  it('reads the meta tag whatever the attribute order and quoting', () => {
    expect(cspFromHtml(`<meta content="default-src 'self'" http-equiv="Content-Security-Policy">`)).toBe("default-src 'self'");
    expect(cspFromHtml(`<META HTTP-EQUIV='content-security-policy' CONTENT="default-src 'none'"/>`)).toBe("default-src 'none'");
    expect(cspFromHtml('<meta charset="utf-8"><title>x</title>')).toBeNull();
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// A migration runs on databases of every age, restored backups included: what it does must never
// change because live code changed. So migrations import only their types and Node built-ins,
// and live code never imports a migration (names it needs live in its own module).
const DIR = import.meta.dirname;
const CORE = path.resolve(DIR, '..', '..');

const importsOf = (file: string) => [...fs.readFileSync(file, 'utf8').matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

describe('migrations are frozen', () => {
  it('each migration imports only its types and Node built-ins', () => {
    const files = fs.readdirSync(DIR).filter((f) => /^\d{4}_.+\.ts$/.test(f) && !f.endsWith('.test.ts'));
    expect(files.length).toBeGreaterThan(20);
    const offenders = files.flatMap((f) => importsOf(path.join(DIR, f)).filter((i) => i !== './types' && !i.startsWith('node:')).map((i) => `${f} → ${i}`));
    expect(offenders).toEqual([]);
  });

  it('live code never imports a migration file', () => {
    const offenders = sources(CORE)
      .filter((f) => !f.startsWith(DIR + path.sep))
      .flatMap((f) => importsOf(f).filter((i) => /migrations\/\d{4}_/.test(i)).map((i) => `${path.relative(CORE, f)} → ${i}`));
    expect(offenders).toEqual([]);
  });
});

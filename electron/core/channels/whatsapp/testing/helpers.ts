/** Shared test helpers: a migrated temp database, a SecretBox, and polling. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../db/open';
import { AesGcmSecretBox, type SecretBox } from '../../../secrets/secret-box';

export interface TempStore {
  db: Db;
  file: string;
  box: SecretBox;
  cleanup(): void;
}

export function tempStore(): TempStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'recado-wa-'));
  const file = path.join(dir, 'recado.db');
  const db = openDatabase(file);
  const box = new AesGcmSecretBox(crypto.randomBytes(32), 'memory');
  return {
    db,
    file,
    box,
    cleanup() {
      try {
        db.close();
      } catch {
        // already closed
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function addNumber(db: Db, label = 'Loja', kind: 'whatsapp' | 'simulator' = 'whatsapp'): number {
  const now = Date.now();
  return Number(
    db.prepare("INSERT INTO numbers (kind, label, status, config, created_at, updated_at) VALUES (?, ?, 'disconnected', '{}', ?, ?)").run(kind, label, now, now)
      .lastInsertRowid,
  );
}

/** Polls until `fn` returns a truthy value (no timing assertions: only a generous safety limit). */
export async function waitFor<T>(fn: () => T | Promise<T>, what = 'condition', limitMs = 5_000): Promise<NonNullable<T>> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() - start > limitMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

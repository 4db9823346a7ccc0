import type { Db } from '../db/open';
import type { SecretBox } from './secret-box';

/** Named secrets, sealed by the SecretBox before they touch the disk. */
export class SecretsStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  set(name: string, value: string): void {
    this.db
      .prepare('INSERT INTO secrets (name, blob, updated_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET blob = excluded.blob, updated_at = excluded.updated_at')
      .run(name, this.box.seal(value), Date.now());
  }

  get(name: string): string | null {
    const row = this.db.prepare<[string], { blob: Buffer }>('SELECT blob FROM secrets WHERE name = ?').get(name);
    return row ? this.box.open(row.blob).toString('utf8') : null;
  }

  has(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM secrets WHERE name = ?').get(name) !== undefined;
  }

  clear(name: string): void {
    this.db.prepare('DELETE FROM secrets WHERE name = ?').run(name);
  }
}

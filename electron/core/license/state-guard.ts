// Seals the licensing state a user could edit with a database tool: the stored license, the
// clock-rollback guard (latest time seen), the machine-id seed, the licenses seen here (and
// which were dropped) and the sealed copy of each day's plan-counted sends. The seal is a MAC
// under a key derived from the secret box's data key, so a database edited (or pieced
// together) outside Recado no longer verifies; the caller treats that like a clock set back.
//
// The latest time seen is also kept in a second place, a small sealed file next to the
// database, so putting back an older copy of the database (or clearing one of the two) is not
// enough to turn the clock back.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../db/open';
import type { SecretBox } from '../secrets/secret-box';

export const CLOCK_FILE = 'license-clock.json';
const PURPOSE = 'license-guard-v1';

/** ok: verifies; unsealed: never sealed (first start, or an upgrade); altered: does not verify. */
export type GuardStatus = 'ok' | 'unsealed' | 'altered';

export interface GuardCheck {
  status: GuardStatus;
  /** Latest time seen that can be trusted: the sealed state's and the clock file's, whichever is newer. */
  newestSeen: number;
}

interface StateRow {
  machine_seed: string;
  token: string | null;
  last_seen_at: number;
  guard_mac: Buffer | null;
  guard_kid: string | null;
}

type ClockFile = { valid: true; newest: number } | { valid: false };

export class StateGuard {
  /** Short id of the data key: a seal made under another key (another install) cannot be checked. */
  readonly kid: string;

  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    /** Where the clock file lives; without it (unit tests) there is no second place. */
    private readonly dataDir?: string,
  ) {
    this.kid = box.mac(PURPOSE, 'key-id').subarray(0, 8).toString('hex');
  }

  check(): GuardCheck {
    const row = this.row();
    const file = this.readClockFile();
    let status: GuardStatus;
    if (row.guard_mac === null) status = file?.valid ? 'altered' : 'unsealed';
    else if (row.guard_kid !== this.kid) status = 'altered';
    else {
      const expected = this.digest(row);
      status = row.guard_mac.length === expected.length && crypto.timingSafeEqual(row.guard_mac, expected) ? 'ok' : 'altered';
    }
    if (file && !file.valid) status = 'altered';
    const newestSeen = Math.max(status === 'altered' ? 0 : row.last_seen_at, file?.valid ? file.newest : 0);
    return { status, newestSeen };
  }

  /** Seals the state as it is now; call inside the transaction that changed it. */
  seal(): void {
    const row = this.row();
    this.db.prepare('UPDATE license_state SET guard_mac = ?, guard_kid = ? WHERE id = 1').run(this.digest(row), this.kid);
    this.writeClockFile(row.last_seen_at);
  }

  private row(): StateRow {
    return this.db.prepare('SELECT machine_seed, token, last_seen_at, guard_mac, guard_kid FROM license_state WHERE id = 1').get() as StateRow;
  }

  private digest(row: StateRow): Buffer {
    const seen = this.db.prepare('SELECT license_id, newest_issued_at, dropped_code, dropped_at FROM license_seen ORDER BY license_id').raw().all();
    const usage = this.db.prepare('SELECT day, sends FROM license_usage_guard ORDER BY day').raw().all();
    return this.box.mac(PURPOSE, JSON.stringify([1, row.machine_seed, row.token, row.last_seen_at, seen, usage]));
  }

  private clockMac(newest: number): string {
    return this.box.mac(PURPOSE, `clock|${this.kid}|${newest}`).toString('hex');
  }

  /** null when absent or written under another data key (it cannot be checked). */
  private readClockFile(): ClockFile | null {
    if (!this.dataDir) return null;
    let text: string;
    try {
      text = fs.readFileSync(path.join(this.dataDir, CLOCK_FILE), 'utf8');
    } catch {
      return null;
    }
    try {
      const parsed = JSON.parse(text) as { kid?: unknown; newest?: unknown; mac?: unknown };
      if (parsed.kid !== this.kid) return null;
      if (typeof parsed.newest !== 'number' || typeof parsed.mac !== 'string') return { valid: false };
      const expected = Buffer.from(this.clockMac(parsed.newest), 'hex');
      const got = Buffer.from(parsed.mac, 'hex');
      return got.length === expected.length && crypto.timingSafeEqual(got, expected) ? { valid: true, newest: parsed.newest } : { valid: false };
    } catch {
      return { valid: false };
    }
  }

  private writeClockFile(lastSeen: number): void {
    if (!this.dataDir) return;
    const current = this.readClockFile();
    const newest = Math.max(lastSeen, current?.valid ? current.newest : 0);
    if (current?.valid && current.newest === newest) return;
    const file = path.join(this.dataDir, CLOCK_FILE);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(tmp, JSON.stringify({ v: 1, kid: this.kid, newest, mac: this.clockMac(newest) }), { mode: 0o600 });
      fs.renameSync(tmp, file);
    } catch {
      // A read-only or full disk: the sealed database still holds the time.
      fs.rmSync(tmp, { force: true });
    }
  }
}

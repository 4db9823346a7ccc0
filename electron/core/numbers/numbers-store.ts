/** Sending numbers as stored in `numbers` (0003), with their JSON config. */
import type { Db } from '../db/open';
import { ApiError } from '../../../shared/api/errors';
import type { SimulatorBehaviorInput } from '../../../shared/api/methods/numbers';

export type NumberKind = 'simulator' | 'whatsapp' | 'cloud';

export interface NumberConfig {
  dailyCap?: number;
  hourlyCap?: number;
  warmup?: { startCap: number; increasePerDay: number; startedAt: number };
  /** Simulator only. */
  behavior?: SimulatorBehaviorInput;
  /** Simulator only: fixed seed for reproducible outcomes (tests). */
  seed?: string;
  /** pt-BR reason of the last ban/limit signal while flagged. */
  flagReason?: string;
  /** The values flagReason names (`kind` of the signal, the label, a detail), for other languages. */
  flagParams?: Record<string, string | number>;
}

export interface NumberRow {
  id: number;
  kind: NumberKind;
  label: string;
  phone: string | null;
  status: string;
  status_reason: string | null;
  /** While waiting to reconnect: when the number tries again (migration 0016). */
  retry_at?: number | null;
  config: string;
  flagged_at: number | null;
  created_at: number;
  updated_at: number;
}

export function numberNotFound(id: number): ApiError {
  return new ApiError('numbers.not_found', `O número ${id} não existe mais. Atualize a página de números.`, undefined, { id });
}

export function parseNumberConfig(row: Pick<NumberRow, 'config'>): NumberConfig {
  try {
    const v = JSON.parse(row.config) as NumberConfig;
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export class NumbersStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number = Date.now,
  ) {}

  list(): NumberRow[] {
    return this.db.prepare<[], NumberRow>('SELECT * FROM numbers ORDER BY id').all();
  }

  find(id: number): NumberRow | undefined {
    return this.db.prepare<[number], NumberRow>('SELECT * FROM numbers WHERE id = ?').get(id);
  }

  get(id: number): NumberRow {
    const row = this.find(id);
    if (!row) throw numberNotFound(id);
    return row;
  }

  /** A WhatsApp number being linked starts as `connecting`; the others as `disconnected`. */
  add(kind: NumberKind, label: string, config: NumberConfig = {}, status = 'disconnected'): NumberRow {
    const t = this.now();
    const id = Number(
      this.db
        .prepare('INSERT INTO numbers (kind, label, status, config, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
        .run(kind, label, status, JSON.stringify(config), t, t).lastInsertRowid,
    );
    return this.get(id);
  }

  update(id: number, patch: { label?: string; config?: NumberConfig }): NumberRow {
    const row = this.get(id);
    this.db
      .prepare('UPDATE numbers SET label = ?, config = ?, updated_at = ? WHERE id = ?')
      .run(patch.label ?? row.label, JSON.stringify(patch.config ?? parseNumberConfig(row)), this.now(), id);
    return this.get(id);
  }

  setStatus(id: number, status: string, reason: string | null): void {
    this.db.prepare('UPDATE numbers SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?').run(status, reason, this.now(), id);
  }

  flag(id: number, reason: string, params?: Record<string, string | number>): void {
    const row = this.find(id);
    if (!row) return;
    const config: NumberConfig = { ...parseNumberConfig(row), flagReason: reason };
    if (params) config.flagParams = params;
    else delete config.flagParams;
    this.db.prepare('UPDATE numbers SET flagged_at = ?, config = ?, updated_at = ? WHERE id = ?').run(this.now(), JSON.stringify(config), this.now(), id);
  }

  clearFlag(id: number): void {
    const row = this.get(id);
    const config = parseNumberConfig(row);
    delete config.flagReason;
    delete config.flagParams;
    this.db.prepare('UPDATE numbers SET flagged_at = NULL, config = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(config), this.now(), id);
  }

  remove(id: number): void {
    this.get(id);
    this.db.prepare('DELETE FROM numbers WHERE id = ?').run(id);
  }

  /** Messages handed to the channel on a local day (`YYYY-MM-DD`). */
  attemptsOn(id: number, day: string): number {
    return this.db.prepare<[number, string], { n: number }>('SELECT attempts AS n FROM number_daily_counters WHERE number_id = ? AND day = ?').get(id, day)?.n ?? 0;
  }
}

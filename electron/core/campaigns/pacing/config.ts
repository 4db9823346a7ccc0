/**
 * Per-number pacing configuration and its normalization (floors, defaults, clamps reported back
 * so the UI can tell the user what was adjusted).
 */

/** How fast one number sends. */
export interface PacingConfig {
  /** Minimum gap between two sends of the same number, seconds (default 30). */
  minDelaySec: number;
  /** Maximum gap, seconds (default 90). The actual gap is uniform in [min, max]. */
  maxDelaySec: number;
  /** "digitando…" before each message, proportional to the text length and capped. */
  typing: { enabled: boolean; msPerChar: number; maxMs: number };
  /** After `every` sends, pause `pauseMinutes`. Null = no batch pauses. */
  batch: { every: number; pauseMinutes: number } | null;
  /** Max sends in any sliding 60-minute span. */
  hourlyCap?: number;
  /** Max sends per local calendar day. */
  dailyCap?: number;
  /** New-number warm-up: cap on day N (0-based, local days since `startedAt`) = startCap + N × increasePerDay. */
  warmup?: { startCap: number; increasePerDay: number; startedAt: number };
  /** True for the Simulator: the real-number floor does not apply. */
  simulated: boolean;
  /** Zone for the daily-cap day boundary (default America/Sao_Paulo). */
  timeZone?: string;
}

/** Real WhatsApp numbers never send faster than this. */
export const REAL_NUMBER_MIN_DELAY_SEC = 5;

export const DEFAULT_PACING: PacingConfig = Object.freeze({
  minDelaySec: 30,
  maxDelaySec: 90,
  typing: Object.freeze({ enabled: true, msPerChar: 40, maxMs: 8000 }),
  batch: null,
  simulated: false,
}) as PacingConfig;

/** One value that {@link normalizePacing} changed. */
export interface PacingAdjustment {
  code: 'PACING_DELAY_FLOOR' | 'PACING_DELAY_ORDER' | 'PACING_VALUE_INVALID';
  field: string;
  from: unknown;
  to: number;
  /** pt-BR, ready for the UI. */
  message: string;
}

export interface NormalizedPacing {
  config: PacingConfig;
  adjustments: PacingAdjustment[];
}

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * Applies the 5 s floor for real numbers (0 for the Simulator), orders min/max, and replaces
 * invalid numbers, returning every change made. Idempotent.
 */
export function normalizePacing(input: PacingConfig): NormalizedPacing {
  // The pacer normalizes on every call; a config this function returned is already normal (and
  // frozen), so the hot path of every send skips the work.
  if (NORMALIZED.has(input)) return { config: input, adjustments: [] };
  const adjustments: PacingAdjustment[] = [];
  const floor = input.simulated ? 0 : REAL_NUMBER_MIN_DELAY_SEC;

  const num = (field: string, v: unknown, fallback: number, min: number, integer = false): number => {
    let out = finite(v) ? v : fallback;
    if (integer) out = Math.floor(out);
    if (out < min) out = min;
    if (out !== v) {
      adjustments.push({ code: 'PACING_VALUE_INVALID', field, from: v, to: out, message: `Valor inválido em ${field}; usando ${out}.` });
    }
    return out;
  };

  let minDelaySec = finite(input.minDelaySec) && input.minDelaySec >= 0 ? input.minDelaySec : DEFAULT_PACING.minDelaySec;
  let maxDelaySec = finite(input.maxDelaySec) && input.maxDelaySec >= 0 ? input.maxDelaySec : DEFAULT_PACING.maxDelaySec;
  if (minDelaySec !== input.minDelaySec) adjustments.push({ code: 'PACING_VALUE_INVALID', field: 'minDelaySec', from: input.minDelaySec, to: minDelaySec, message: `Intervalo mínimo inválido; usando ${minDelaySec} s.` });
  if (maxDelaySec !== input.maxDelaySec) adjustments.push({ code: 'PACING_VALUE_INVALID', field: 'maxDelaySec', from: input.maxDelaySec, to: maxDelaySec, message: `Intervalo máximo inválido; usando ${maxDelaySec} s.` });
  if (minDelaySec < floor) {
    adjustments.push({
      code: 'PACING_DELAY_FLOOR',
      field: 'minDelaySec',
      from: minDelaySec,
      to: floor,
      message: `Números reais esperam pelo menos ${floor} s entre mensagens; o intervalo mínimo foi ajustado para ${floor} s.`,
    });
    minDelaySec = floor;
  }
  if (maxDelaySec < minDelaySec) {
    adjustments.push({
      code: 'PACING_DELAY_ORDER',
      field: 'maxDelaySec',
      from: maxDelaySec,
      to: minDelaySec,
      message: `O intervalo máximo não pode ser menor que o mínimo; ajustado para ${minDelaySec} s.`,
    });
    maxDelaySec = minDelaySec;
  }

  const typing = {
    enabled: Boolean(input.typing?.enabled),
    msPerChar: num('typing.msPerChar', input.typing?.msPerChar ?? DEFAULT_PACING.typing.msPerChar, DEFAULT_PACING.typing.msPerChar, 0),
    maxMs: num('typing.maxMs', input.typing?.maxMs ?? DEFAULT_PACING.typing.maxMs, DEFAULT_PACING.typing.maxMs, 0),
  };
  const batch = input.batch
    ? { every: num('batch.every', input.batch.every, 20, 1, true), pauseMinutes: num('batch.pauseMinutes', input.batch.pauseMinutes, 10, 0) }
    : null;
  const config: PacingConfig = { ...input, minDelaySec, maxDelaySec, typing, batch };
  if (input.hourlyCap !== undefined) config.hourlyCap = num('hourlyCap', input.hourlyCap, 1, 1, true);
  if (input.dailyCap !== undefined) config.dailyCap = num('dailyCap', input.dailyCap, 1, 1, true);
  if (input.warmup) {
    config.warmup = {
      startCap: num('warmup.startCap', input.warmup.startCap, 1, 1, true),
      increasePerDay: num('warmup.increasePerDay', input.warmup.increasePerDay, 0, 0, true),
      startedAt: input.warmup.startedAt,
    };
  }
  freezeConfig(config);
  NORMALIZED.add(config);
  return { config, adjustments };
}

const NORMALIZED = new WeakSet<PacingConfig>();

function freezeConfig(c: PacingConfig): void {
  for (const v of Object.values(c)) if (v && typeof v === 'object') Object.freeze(v);
  Object.freeze(c);
}

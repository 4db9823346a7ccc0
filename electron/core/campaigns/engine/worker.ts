/**
 * A number as the engine serves it: its pace (shared by every campaign using it), its timer and
 * the send in flight, if any.
 */
import { computeNextSlot, createPacerState, type PacerState, type PacingConfig, type ScheduledTask } from '../pacing';
import { parseNumberConfig, type NumberConfig, type NumberKind, type NumberRow } from '../../numbers/numbers-store';
import type { SendAbort } from './send-outcomes';

export interface Worker {
  id: number;
  kind: NumberKind;
  label: string;
  config: NumberConfig;
  flagged: boolean;
  pacer: PacerState;
  busy: boolean;
  timer: ScheduledTask | null;
  current: { campaignId: number; abort: SendAbort } | null;
  /** The send in flight on this number, if any: removing the number waits for it to settle. */
  job: Promise<void> | null;
  lastUsedAt: number | null;
  streak: number;
  /** computeNextSlot results for the current pacer state, by (interned) config. */
  slots: Map<PacingConfig, { pacer: PacerState; t: number; slot: ReturnType<typeof computeNextSlot> }>;
}

/** A worker for a number, resuming its saved pacer state (JSON) when there is one. */
export function createWorker(row: NumberRow, savedPacer: string | null): Worker {
  let pacer = createPacerState();
  if (savedPacer) {
    try {
      pacer = { ...createPacerState(), ...(JSON.parse(savedPacer) as PacerState) };
    } catch {
      // A damaged state restarts the pace; caps still hold through the daily counters.
    }
  }
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    config: parseNumberConfig(row),
    flagged: row.flagged_at !== null,
    pacer,
    busy: false,
    timer: null,
    current: null,
    job: null,
    lastUsedAt: pacer.lastSentAt,
    streak: 0,
    slots: new Map(),
  };
}

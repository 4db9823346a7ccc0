import { nextOpen } from '../schedule/window';
import type { SendingWindow } from '../schedule/types';
import { computeNextSlot, type PacerState, type PacingLimits, type SlotReason } from './pacer';
import type { PacingConfig } from './config';

export interface PlannedSend {
  atMs: number;
  /** `'window'` when the sending window is what holds the send back. */
  reason: SlotReason | 'window';
}

/**
 * Earliest instant ≥ `nowMs` satisfying both the number's pacing and the campaign's sending
 * window (null window = always open). Null when the window never opens again.
 */
export function planNextSend(
  window: SendingWindow | null,
  state: PacerState,
  config: PacingConfig,
  nowMs: number,
  limits?: PacingLimits,
): PlannedSend | null {
  let t = nowMs;
  let windowHeld = false;
  // Each round can only move forward; caps may push past a window and a window past a new day.
  for (let round = 0; round < 16; round++) {
    const slot = computeNextSlot(state, config, t, limits);
    const open = window ? nextOpen(window, slot.atMs) : slot.atMs;
    if (open === null) return null;
    if (open === slot.atMs) return { atMs: open, reason: windowHeld && slot.reason === 'ready' ? 'window' : slot.reason };
    windowHeld = true;
    t = open;
  }
  return { atMs: t, reason: 'window' };
}

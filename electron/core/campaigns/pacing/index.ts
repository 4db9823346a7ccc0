/**
 * Per-number pacing (random gaps, typing time, batch pauses, hourly/daily caps, warm-up),
 * campaign fairness and number rotation, retry policy, and wall-clock timers. Pure except
 * `scheduleAt`/`sleepUntil`, which use setTimeout.
 */
export type { PacingConfig, PacingAdjustment, NormalizedPacing } from './config';
export { DEFAULT_PACING, REAL_NUMBER_MIN_DELAY_SEC, normalizePacing } from './config';
export type { Rng } from '../../lib/rng';
export { seededRng, hashString, uniformInt } from '../../lib/rng';
export { nextDelayMs, typingMs } from './delay';
export type { PacerState, SlotReason, NextSlot, PacingLimits } from './pacer';
export {
  createPacerState,
  computeNextSlot,
  recordSend,
  rebuildPacerState,
  effectiveDailyCap,
  warmupCapAt,
  sentOnDay,
  remainingToday,
} from './pacer';
export type { PlannedSend } from './plan';
export { planNextSend } from './plan';
export type { CampaignCandidate, NumberCandidate, RotationStrategy, NumberPick } from './fairness';
export { pickNextCampaign, pickNumber } from './fairness';
export { MAX_RETRIES, retryDelayMs, classifyFailure, failurePausesNumber, toChannelErrorCode } from './retry';
export type { Clock, ScheduleOptions, ScheduledTask } from '../../lib/timer';
export { systemClock, scheduleAt, sleepUntil, DueTimers, MAX_TIMEOUT_MS, DEFAULT_MAX_CHUNK_MS } from '../../lib/timer';

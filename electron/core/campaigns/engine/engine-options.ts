/** What the campaign engine is built with (service.ts wires the real ones; tests their own). */
import type { Db } from '../../db/open';
import type { Logger } from '../../log/logger';
import type { PlanGate } from '../../license/gate';
import type { EventName, EventPayload } from '../../../../shared/api/contract';
import type { Clock, Rng } from '../pacing';
import type { ChannelRegistry } from '../../numbers/channel-registry';
import type { NumbersStore } from '../../numbers/numbers-store';
import type { EngineSendJournal } from '../journal/campaign-journal';
import type { EngineSettingsStore } from './engine-settings';
import type { StallPolicy } from './connection-stalls';

export type Emit = <E extends EventName>(name: E, payload: EventPayload<E>) => void;

export interface TurnInfo {
  numberId: number;
  campaignId: number;
  deliveryId: number;
  /** When the worker's timer was due (or the turn was asked for). */
  plannedAt: number;
  /** When the message was claimed. */
  at: number;
  /** True when a timer woke the worker for this turn (lateness is meaningful). */
  timed: boolean;
}

export interface EngineOptions {
  db: Db;
  dataDir: string;
  registry: ChannelRegistry;
  numbers: NumbersStore;
  plan: PlanGate;
  logger: Logger;
  emit: Emit;
  /** The app's time zone: local days for daily counters, caps and the plan limit. */
  timeZone: () => string;
  settings?: EngineSettingsStore;
  clock?: Clock;
  /** Pacing gaps and retry jitter. */
  rng?: Rng;
  /** Count Simulator sends toward the plan's messages per day (off: rehearsals are free). */
  planCountsSimulator?: boolean;
  /** Minimum gap between two progress events of one campaign (ms). */
  progressIntervalMs?: number;
  /** Give the event loop a turn after this many back-to-back sends of one number. */
  yieldEvery?: number;
  /** Observes every claim (benchmarks: lateness). */
  onTurn?: (t: TurnInfo) => void;
  /** Disk space / read-only check before each send (a full disk must pause, never corrupt). */
  storage?: () => { ok: true } | { ok: false; code: string; message: string };
  /**
   * The send journal (outside the database): every send is journalled before the channel gets
   * it, and start-up reconciles against it. Without one, rows left in `sending` become uncertain.
   */
  journal?: EngineSendJournal;
  /** When a campaign held up by its numbers' connection waits, and when it pauses (connection-stalls.ts). */
  stalls?: Partial<StallPolicy>;
}

/**
 * What the engine's parts share: the live campaigns, the stores, and each other. CampaignEngine
 * builds it once; a part reaches another through it (the send loop pauses a campaign through
 * the commands, a command wakes the send loop) instead of through a web of callbacks.
 */
import type { Db } from '../../db/open';
import type { Clock, Rng } from '../pacing';
import type { DeliveryStore } from '../deliveries/delivery-store';
import type { DayKeyer } from '../deliveries/day-key';
import type { CampaignRuntime } from './campaign-runtime';
import type { CampaignStore } from './campaign-store';
import type { EngineSettingsStore } from './engine-settings';
import type { PlanLimit } from './plan-limit';
import type { ChannelEvents } from './channel-events';
import type { ConnectionStalls } from './connection-stalls';
import type { FallbackRoutes } from './cloud-fallback';
import type { EngineOptions } from './engine-options';
import type { NumberWorkers } from './number-workers';
import type { CampaignCommands } from './campaign-commands';
import type { SendLoop } from './send-loop';
import type { RunReports } from './run-reports';

export interface EngineContext {
  readonly opts: EngineOptions;
  readonly db: Db;
  readonly clock: Clock;
  readonly rng: Rng;
  readonly store: DeliveryStore;
  readonly campaignStore: CampaignStore;
  readonly settings: EngineSettingsStore;
  readonly days: DayKeyer;
  readonly planLimit: PlanLimit;
  /** Running and scheduled campaigns, loaded; a paused, cancelled or finished one is not here. */
  readonly campaigns: Map<number, CampaignRuntime>;
  /** `started` by CampaignEngine.start(), `stopped` for good by stop(). */
  readonly life: { started: boolean; stopped: boolean };
  /** The parts, set by CampaignEngine's constructor before anything runs. */
  workers: NumberWorkers;
  commands: CampaignCommands;
  loop: SendLoop;
  reports: RunReports;
  events: ChannelEvents;
  stalls: ConnectionStalls;
  fallbacks: FallbackRoutes;
}

/** The attachments folder of a data dir (campaign media are read from there at send time). */
export function attachmentsDir(ctx: EngineContext): string {
  return `${ctx.opts.dataDir}/attachments`;
}

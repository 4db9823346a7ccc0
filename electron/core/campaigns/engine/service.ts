/**
 * Wires the campaign engine into a running core: one channel registry (Simulator built in,
 * WhatsApp and Cloud API through their services), one engine, the `campaigns.*` run-time
 * handlers, and an orderly shutdown before the database closes. Built by the
 * composition root (services.ts), which hands in the services it depends on.
 */
import type { CoreContext } from '../../context';
import type { ResumeHooks } from '../../app/resume-hooks';
import type { Handlers } from '../../rpc/dispatcher';
import type { StorageHealth } from '../../storage-health/storage-health';
import { ChannelRegistry } from '../../numbers/channel-registry';
import { NumbersStore } from '../../numbers/numbers-store';
import { createWhatsAppChannel, type WhatsAppService } from '../../channels/whatsapp/whatsapp-service';
import type { CloudService } from '../../channels/cloud/cloud-service';
import type { CampaignJournal } from '../journal/campaign-journal';
import { CampaignEngine, type EngineOptions } from './engine';
import { runHandlers, type RunHandlers } from './run-handlers';


export interface EngineDeps {
  whatsapp: WhatsAppService;
  cloud: CloudService;
  /** The send journal; null in the CLI, which never sends. */
  journal: CampaignJournal | null;
  storage: StorageHealth;
  resume: ResumeHooks;
}

/** The engine of a core with the registry of its channels and its numbers. */
export interface EngineService {
  engine: CampaignEngine;
  registry: ChannelRegistry;
  numbers: NumbersStore;
  /** Stops the engine (letting sends in flight finish), then closes the channels it owns and the journal. */
  close(): Promise<void>;
}

/** Builds the engine and starts it (not in the CLI: a one-off command must never send campaigns). */
export function createEngine(ctx: CoreContext, deps: EngineDeps, overrides: Partial<EngineOptions> = {}): EngineService {
  const logger = ctx.logger.child({ capability: 'engine' });
  const numbers = new NumbersStore(ctx.db);
  const registry = new ChannelRegistry({ dataDir: ctx.dataDir, logger });
  const sentText = ctx.db.prepare<[string], { text: string | null }>('SELECT text FROM deliveries WHERE message_id = ?');
  // WhatsApp numbers: the WhatsApp service owns the connection (QR, reconnects); we only send through it.
  registry.registerFactory(
    'whatsapp',
    (row) =>
      createWhatsAppChannel(row, {
        service: deps.whatsapp,
        getMessage: (id) => {
          const text = sentText.get(id)?.text;
          return text ? { conversation: text } : undefined;
        },
      }),
    { ownsLifecycle: false },
  );
  // Cloud API numbers: one channel per number, shared with the Cloud service (webhooks feed it).
  registry.registerFactory('cloud', (row) => deps.cloud.channelFor(row));
  const journal = deps.journal;
  const engine = new CampaignEngine({
    db: ctx.db,
    dataDir: ctx.dataDir,
    registry,
    numbers,
    plan: ctx.plan,
    logger,
    // The engine's own number changes (status, flag) are for the UI only: it has applied them
    // to its workers already, so they do not come back to it as a signal.
    emit: (name, payload) => ctx.events.emit(name, payload),
    timeZone: () => ctx.settings.get().timeZone,
    storage: () => deps.storage.canSend(),
    ...(journal ? { journal } : {}),
    ...overrides,
  });
  // After sleep or a clock change, re-plan every number instead of bursting through missed slots.
  const offResume = deps.resume.on(() => engine.wake());
  const offSignals = [
    ctx.internal.on('settings.changed', ({ settings }) => engine.setTimeZone(settings.timeZone)),
    // A number added, changed or removed elsewhere (the WhatsApp or Cloud API, numbers.*) is picked up.
    ctx.internal.on('number.changed', ({ numberId }) => engine.syncNumber(numberId)),
  ];
  if (ctx.mode !== 'cli') engine.start();
  return {
    engine,
    registry,
    numbers,
    async close() {
      offResume();
      for (const off of offSignals) off();
      await engine.stop();
      await registry.closeAll();
      await journal?.journal.close();
    },
  };
}

/** `campaigns.*` run-time and `campaignEngine.*` methods (`numbers.*` are wired from core/numbers). */
export function engineHandlers(ctx: CoreContext, wired: EngineService): Pick<Handlers, keyof RunHandlers> {
  return runHandlers(ctx, wired.engine);
}

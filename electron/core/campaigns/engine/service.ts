/**
 * Wires the campaign engine into a running core: one channel registry (Simulator built in,
 * WhatsApp through its service), one engine, the `campaigns.*` run-time and `numbers.*`
 * handlers, and an orderly shutdown before the database closes.
 */
import type { CoreContext } from '../../context';
import { storageHealth } from '../../storage-health/storage-health';
import { onResume } from '../../app/resume-hooks';
import type { Handlers } from '../../rpc/dispatcher';
import { ChannelRegistry } from '../../numbers/channel-registry';
import { NumbersStore } from '../../numbers/numbers-store';
import { numberHandlers } from '../../numbers/number-handlers';
import { createWhatsAppChannel, whatsAppServiceFor } from '../../channels/whatsapp/whatsapp-service';
import { cloudServiceFor } from '../../channels/cloud/cloud-service';
import { CampaignEngine, type EngineOptions } from './engine';
import { runHandlers, type RunHandlers } from './run-handlers';
import { openCampaignJournal } from '../journal/wiring';

type EngineHandlers = RunHandlers & ReturnType<typeof numberHandlers>;

const engines = new WeakMap<CoreContext, CampaignEngine>();

/** The engine of a running core (tests and other capabilities). */
export function engineOf(ctx: CoreContext): CampaignEngine | undefined {
  return engines.get(ctx);
}

export function engineHandlers(ctx: CoreContext, overrides: Partial<EngineOptions> = {}): Pick<Handlers, keyof EngineHandlers> {
  const logger = ctx.logger.child({ capability: 'engine' });
  const numbers = new NumbersStore(ctx.db);
  const registry = new ChannelRegistry({ dataDir: ctx.dataDir, logger });
  const sentText = ctx.db.prepare<[string], { text: string | null }>('SELECT text FROM deliveries WHERE message_id = ?');
  // WhatsApp numbers: the WhatsApp service owns the connection (QR, reconnects); we only send through it.
  registry.registerFactory(
    'whatsapp',
    (row) =>
      createWhatsAppChannel(row, {
        ctx,
        getMessage: (id) => {
          const text = sentText.get(id)?.text;
          return text ? { conversation: text } : undefined;
        },
      }),
    { ownsLifecycle: false },
  );
  // Cloud API numbers: one channel per number, shared with the Cloud service (webhooks feed it).
  registry.registerFactory('cloud', (row) => cloudServiceFor(ctx).channelFor(row));
  // The send journal: only a process that sends opens it (never the CLI beside a running app).
  const journal = ctx.mode !== 'cli' ? openCampaignJournal(ctx, logger) : undefined;
  // Created now so its shutdown is registered before ours: closers run newest first, so the
  // engine stops (letting sends in flight finish) before WhatsApp sockets close.
  if (ctx.mode !== 'cli') whatsAppServiceFor(ctx);
  const engine = new CampaignEngine({
    db: ctx.db,
    dataDir: ctx.dataDir,
    registry,
    numbers,
    plan: ctx.plan,
    logger,
    emit: (name, payload) => ctx.events.emit(name, payload),
    timeZone: () => ctx.settings.get().timeZone,
    storage: () => storageHealth(ctx).canSend(),
    ...(journal ? { journal } : {}),
    ...overrides,
  });
  // After sleep or a clock change, re-plan every number instead of bursting through missed slots.
  onResume(ctx, () => engine.wake());
  engines.set(ctx, engine);
  ctx.events.subscribe((name, payload) => {
    if (name === 'settings.changed') engine.setTimeZone((payload as { timeZone: string }).timeZone);
    else if (name === 'numbers.changed') engine.syncNumber((payload as { id: number }).id);
  });
  // A one-off CLI command must never start sending campaigns.
  if (ctx.mode !== 'cli') engine.start();
  ctx.onClose(async () => {
    await engine.stop();
    await registry.closeAll();
    await journal?.journal.close();
  });
  return { ...runHandlers(ctx, engine), ...numberHandlers(ctx, engine, numbers) };
}

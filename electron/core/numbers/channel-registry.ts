/**
 * One channel instance per number row, created by a factory for its kind. The Simulator factory
 * is built in; the WhatsApp (Baileys) factory plugs in with `registerFactory('whatsapp', …)`.
 * Every channel event is forwarded to subscribers tagged with the number id.
 */
import type { Logger } from '../log/logger';
import type { Channel, ChannelEvents } from '../channels/types';
import { SimulatorChannel, simulatorLedgerPath } from '../channels/simulator';
import { parseNumberConfig, type NumberConfig, type NumberKind, type NumberRow } from './numbers-store';

export interface ChannelEnv {
  dataDir: string;
  logger: Logger;
}

export type ChannelFactory = (row: NumberRow, config: NumberConfig, env: ChannelEnv) => Channel;

export interface FactoryOptions {
  /**
   * True (default): the registry starts the channel when it opens it and stops it when closed.
   * False: someone else owns the connection (the WhatsApp service links, reconnects and stops
   * its numbers); the registry only uses the channel and listens to it.
   */
  ownsLifecycle?: boolean;
}

export type RegistryEvent = { [K in keyof ChannelEvents]: { numberId: number; event: K; payload: ChannelEvents[K] } }[keyof ChannelEvents];

/** The Simulator channel id (and ledger file name) of a number row. */
export function simulatorChannelId(numberId: number): string {
  return `number-${numberId}`;
}

/** Where a simulated number's ledger lives. */
export function simulatorLedgerFor(dataDir: string, numberId: number): string {
  return simulatorLedgerPath(dataDir, simulatorChannelId(numberId));
}

export const simulatorFactory: ChannelFactory = (row, config, env) =>
  new SimulatorChannel({
    id: simulatorChannelId(row.id),
    ledgerFile: simulatorLedgerFor(env.dataDir, row.id),
    behavior: config.behavior as ConstructorParameters<typeof SimulatorChannel>[0]['behavior'],
    ...(config.seed !== undefined ? { seed: config.seed } : {}),
    onListenerError: (err) => env.logger.error({ err, numberId: row.id }, 'channel listener failed'),
  });

interface Entry {
  channel: Channel;
  unsubscribe: Array<() => void>;
  closing: boolean;
  owned: boolean;
}

export class ChannelRegistry {
  private readonly factories = new Map<NumberKind, { create: ChannelFactory; owned: boolean }>([['simulator', { create: simulatorFactory, owned: true }]]);
  private readonly entries = new Map<number, Entry>();
  private readonly listeners = new Set<(e: RegistryEvent) => void>();

  constructor(private readonly env: ChannelEnv) {}

  registerFactory(kind: NumberKind, factory: ChannelFactory, options: FactoryOptions = {}): void {
    this.factories.set(kind, { create: factory, owned: options.ownsLifecycle ?? true });
  }

  hasFactory(kind: NumberKind): boolean {
    return this.factories.has(kind);
  }

  get(numberId: number): Channel | undefined {
    return this.entries.get(numberId)?.channel;
  }

  /** True while the number's channel is being stopped on purpose (its "disconnected" is expected). */
  isClosing(numberId: number): boolean {
    return this.entries.get(numberId)?.closing ?? false;
  }

  subscribe(fn: (e: RegistryEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Creates the number's channel (once) and starts connecting it in the background. */
  open(row: NumberRow): Channel | undefined {
    const existing = this.entries.get(row.id);
    if (existing) return existing.channel;
    const factory = this.factories.get(row.kind);
    if (!factory) {
      this.env.logger.warn({ numberId: row.id, kind: row.kind }, 'no channel factory for this kind yet');
      return undefined;
    }
    const channel = factory.create(row, parseNumberConfig(row), this.env);
    const entry: Entry = { channel, unsubscribe: [], closing: false, owned: factory.owned };
    const forward = <K extends keyof ChannelEvents>(event: K) =>
      channel.on(event, (payload) => {
        for (const l of this.listeners) {
          try {
            l({ numberId: row.id, event, payload } as RegistryEvent);
          } catch (err) {
            this.env.logger.error({ err, numberId: row.id, event }, 'channel event handler failed');
          }
        }
      });
    entry.unsubscribe.push(forward('status'), forward('receipt'), forward('inbound'), forward('signal'));
    this.entries.set(row.id, entry);
    if (entry.owned) channel.start().catch((err: unknown) => this.env.logger.warn({ err, numberId: row.id }, 'channel failed to start'));
    return channel;
  }

  /** Stops and forgets the number's channel. */
  async close(numberId: number): Promise<void> {
    const entry = this.entries.get(numberId);
    if (!entry) return;
    entry.closing = true;
    try {
      if (entry.owned) await entry.channel.stop();
    } catch (err) {
      this.env.logger.warn({ err, numberId }, 'channel failed to stop');
    } finally {
      for (const u of entry.unsubscribe) u();
      this.entries.delete(numberId);
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.close(id)));
  }
}

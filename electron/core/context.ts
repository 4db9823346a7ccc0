import type { Db } from './db/open';
import type { EventBus } from './events';
import type { InternalBus } from './internal-events';
import type { Logger } from './log/logger';
import type { SecretBox } from './secrets/secret-box';
import type { SecretsStore } from './secrets/secrets-store';
import type { SettingsStore } from './settings/settings-store';
import type { PlanGate } from './license/gate';
import type { WhatsAppStandIn } from './channels/whatsapp/test-switch';

/** What every capability's handlers get: the store, settings, secrets, logging and events. */
export interface CoreContext {
  mode: 'desktop' | 'browser' | 'cli';
  dataDir: string;
  db: Db;
  settings: SettingsStore;
  secrets: SecretsStore;
  secretBox: SecretBox;
  logger: Logger;
  /** Push events for the transports (the UI, the desktop main process). */
  events: EventBus;
  /** Typed signals between the core's own services (a number or the settings changed...). */
  internal: InternalBus;
  /** The plan in force (trial without a license); the engine and AI check it before limited work. */
  plan: PlanGate;
  /**
   * TEST ONLY: the local WhatsApp protocol stand-in the e2e harness handed over explicitly
   * (`recado serve --test-wa-url … --test-wa-root-key …`, see channels/whatsapp/test-switch.ts).
   */
  testWhatsApp?: WhatsAppStandIn;
  /** Work to finish (or leave resumable) before the database closes. */
  onClose(fn: () => Promise<void> | void): void;
}

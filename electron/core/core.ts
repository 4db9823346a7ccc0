import path from 'node:path';
import { openStore } from './db/open';
import { EventBus } from './events';
import { InternalBus } from './internal-events';
import { createLogger, type Logger } from './log/logger';
import { createDispatcher, type Dispatch, type Handlers } from './rpc/dispatcher';
import { keyFileSecretBox, type SecretBox } from './secrets/secret-box';
import { SecretsStore } from './secrets/secrets-store';
import { SettingsStore } from './settings/settings-store';
import { appHandlers, desktopHandlers, settingsHandlers, updatesHandlers } from './app/app-handlers';
import type { CoreContext } from './context';
import { draftHandlers } from './campaigns/drafts/draft-handlers';
import { engineHandlers } from './campaigns/engine/service';
import { optOutHandlers } from './inbound/opt-out-handlers';
import { numberHandlers } from './numbers/number-handlers';
import { LicenseService } from './license/license-service';
import { licenseHandlers } from './license/license-handlers';
import { messageHandlers } from './messages/message-handlers';
import { aiHandlers } from './ai/ai-handlers';
import { dataHandlers } from './portability/data-handlers';
import { storageHandlers } from './storage-health/storage-handlers';
import { notificationHandlers } from './notifications/notification-handlers';
import { whatsappHandlers } from './channels/whatsapp/whatsapp-handlers';
import { leadsHandlers } from './leads/leads-handlers';
import { UploadStore } from './uploads/upload-store';
import { resultsHandlers } from './results/results-handlers';
import { conversationHandlers } from './conversations/service';
import { groupsHandlers } from './groups';
import { cloudHandlers } from './channels/cloud/cloud-handlers';
import { webhooksHandlers } from './webhooks';
import { mirroringHandlers } from './mirroring';
import { applyPendingRestore } from './backup/restore';
import { assertDataDirWritable } from './storage-health/storage-health';
import { createServices, type CoreServices } from './services';
import type { WhatsAppStandIn } from './channels/whatsapp/test-switch';

export interface CoreOptions {
  dataDir: string;
  mode: CoreContext['mode'];
  /** Desktop passes a safeStorage-backed box; browser mode and the CLI use the key file. */
  secretBox?: SecretBox;
  logger?: Logger;
  echoLogs?: boolean;
  /**
   * TEST ONLY: the license public key of the end-to-end harness, handed over explicitly by
   * `recado serve --test-license-public-key` after acceptTestPublicKey() allowed it.
   */
  testLicensePublicKeyPem?: string;
  /**
   * TEST ONLY: the local WhatsApp protocol stand-in, handed over explicitly by `recado serve
   * --test-wa-url … --test-wa-root-key …` after acceptTestStandIn() allowed it.
   */
  testWhatsApp?: WhatsAppStandIn;
}

export interface Core {
  readonly context: CoreContext;
  /** The long-lived services, built once in dependency order (services.ts). */
  readonly services: CoreServices;
  dispatch: Dispatch;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  close(): Promise<void>;
}

/** Opens the store and wires every capability's handlers into one dispatcher. */
export function createCore(options: CoreOptions): Core {
  // A read-only data dir gets a clear message; a staged restore is applied before the database opens.
  assertDataDirWritable(options.dataDir);
  applyPendingRestore(options.dataDir);
  const { db, migration } = openStore(options.dataDir);
  // The contacts page reads scattered rows among a million (a search confirms each candidate):
  // a 64 MiB page cache keeps them from the file system (SQLite's default here is 16 MB).
  db.pragma('cache_size = -65536');
  const settings = new SettingsStore(db);
  const log = options.logger
    ? { logger: options.logger, close: () => {} }
    : createLogger({ dataDir: options.dataDir, diagnostics: settings.get().diagnostics, echo: options.echoLogs });
  const secretBox = options.secretBox ?? keyFileSecretBox(options.dataDir);
  const events = new EventBus();
  const internal = new InternalBus((err, name) => log.logger.error({ err, event: name }, 'internal event listener failed'));
  const closers: Array<() => Promise<void> | void> = [];

  const context: CoreContext = {
    mode: options.mode,
    dataDir: options.dataDir,
    db,
    settings,
    secrets: new SecretsStore(db, secretBox),
    secretBox,
    logger: log.logger,
    events,
    internal,
    // Trial limits until a license is activated; verified offline, renewed in the background.
    plan: new LicenseService({ db, secretBox, events, internal, logger: log.logger, dataDir: options.dataDir, publicKeyPem: options.testLicensePublicKeyPem }),
    ...(options.testWhatsApp ? { testWhatsApp: options.testWhatsApp } : {}),
    onClose: (fn) => closers.push(fn),
  };
  if (migration.from !== migration.to) {
    log.logger.info({ fromVersion: migration.from, toVersion: migration.to, backupFile: migration.backupFile }, 'database migrated');
  }

  // Services first, in dependency order; the handlers then get the ones they use.
  const composed = createServices(context);
  const services = composed.services;
  // Files sent through `uploads.*`: spreadsheets for leads.import, backups for data.restoreFinish.
  const uploads = new UploadStore(path.join(options.dataDir, 'tmp', 'uploads'));
  const handlers: Handlers = {
    ...appHandlers(context, services.resume),
    ...settingsHandlers(context),
    ...draftHandlers(context),
    ...engineHandlers(context, services.engine),
    ...numberHandlers(context, services.engine.engine, services.engine.numbers),
    ...optOutHandlers(context),
    ...licenseHandlers(context),
    ...messageHandlers(context, services.whatsapp),
    ...aiHandlers(services.ai),
    ...dataHandlers(context, services, uploads),
    ...storageHandlers(services.storage),
    ...notificationHandlers(services.notifications),
    ...desktopHandlers(context),
    ...updatesHandlers(),
    ...whatsappHandlers(context, services.whatsapp),
    ...leadsHandlers(context, services.downloads, { uploads }),
    ...resultsHandlers(context, services),
    // After the engine: conversations hook into its inbound messages and sends.
    ...conversationHandlers(context, services.conversations),
    ...groupsHandlers(context, services.groups.service),
    ...cloudHandlers(context, services.cloud, services.ai),
    ...webhooksHandlers(context),
    ...mirroringHandlers(context, services),
  };

  let closed = false;
  return {
    context,
    services,
    dispatch: createDispatcher(handlers, log.logger),
    subscribe: (listener) => events.subscribe(listener),
    async close() {
      if (closed) return;
      closed = true;
      // What handlers registered, newest first; then the services in reverse build order.
      for (const fn of closers.reverse()) {
        try {
          await fn();
        } catch (err) {
          log.logger.error({ err }, 'error while closing');
        }
      }
      await composed.close();
      log.logger.info('core closed');
      db.close();
      log.close();
    },
  };
}

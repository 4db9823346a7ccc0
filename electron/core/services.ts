/**
 * The composition root of the core's long-lived services: each is built once, here, in
 * dependency order, and handed to the handlers that need it (core.ts). Shutdown runs in the
 * reverse order, so a service stops before anything it depends on:
 *
 *   build:    notifications → resume hooks → AI copy → downloads → storage health → WhatsApp → Cloud API
 *             → send journal → campaign engine → backup → groups → conversations
 *   shutdown: AI jobs → conversations → groups → backup → campaign engine (sends in flight finish, its
 *             channels and the journal close) → Cloud API → WhatsApp → downloads
 *
 * Handlers that own smaller resources (an upload in progress, an import worker) still register
 * them with `ctx.onClose`; core.ts runs those first, then this shutdown, then closes the database.
 */
import type { CoreContext } from './context';
import { Notifications } from './notifications/notify';
import { ResumeHooks } from './app/resume-hooks';
import { Downloads } from './backup/downloads';
import { BackupService } from './backup/backup-service';
import { createStorageHealth, type StorageHealth } from './storage-health/storage-health';
import { createWhatsAppService, type WhatsAppService } from './channels/whatsapp/whatsapp-service';
import { createCloudService, type CloudService } from './channels/cloud/cloud-service';
import { openCampaignJournal } from './campaigns/journal/wiring';
import type { CampaignJournal } from './campaigns/journal/campaign-journal';
import { createEngine, type EngineService } from './campaigns/engine/service';
import { createGroups, type Groups } from './groups/groups-handlers';
import { createConversations, type Conversations } from './conversations/service';
import { AiService } from './ai/ai-service';

export interface CoreServices {
  /** AI copy (messages editor, reply assistant, template drafts): one configuration, key and daily limit. */
  readonly ai: AiService;
  readonly notifications: Notifications;
  readonly resume: ResumeHooks;
  /** Files offered once at `/download/<token>` (browser mode). */
  readonly downloads: Downloads;
  readonly storage: StorageHealth;
  readonly whatsapp: WhatsAppService;
  readonly cloud: CloudService;
  /** The send journal: only a process that sends opens it (never the CLI beside a running app). */
  readonly journal: CampaignJournal | null;
  readonly engine: EngineService;
  readonly backup: BackupService;
  readonly groups: Groups;
  readonly conversations: Conversations;
}

export interface ComposedServices {
  services: CoreServices;
  /** Stops every service, newest first; a failing step is logged and the next one still runs. */
  close(): Promise<void>;
}

export function createServices(ctx: CoreContext): ComposedServices {
  const notifications = new Notifications(ctx.logger, ctx.events);
  const resume = new ResumeHooks(ctx.logger);
  const ai = new AiService(ctx);
  const downloads = new Downloads();
  const storage = createStorageHealth(ctx, notifications);
  const whatsapp = createWhatsAppService(ctx);
  const cloud = createCloudService(ctx);
  const journal = ctx.mode !== 'cli' ? openCampaignJournal(ctx, ctx.logger.child({ capability: 'engine' }), notifications) : null;
  const engine = createEngine(ctx, { whatsapp, cloud, journal, storage, resume });
  // The daily automatic backup: not in the CLI; RECADO_AUTO_BACKUP=off disables it.
  const autoBackup = ctx.mode !== 'cli' && process.env.RECADO_AUTO_BACKUP !== 'off';
  const backup = new BackupService(ctx, { storage, notifications, resume }, { auto: autoBackup, startupDelayMs: 2 * 60_000 });
  const groups = createGroups(ctx, whatsapp);
  const conversations = createConversations(ctx, { engine: engine.engine, journal, notifications }, { ai });

  const shutdown: Array<[string, () => Promise<void> | void]> = [
    // AI jobs stream into the store: they stop first.
    ['ai', () => ai.close()],
    ['conversations', () => conversations.close()],
    ['groups', () => groups.close()],
    ['backup', () => backup.close()],
    ['campaign engine', () => engine.close()],
    ['cloud api', () => cloud.close()],
    ['whatsapp', () => whatsapp.close()],
    ['downloads', () => downloads.close()],
  ];
  return {
    services: { ai, notifications, resume, downloads, storage, whatsapp, cloud, journal, engine, backup, groups, conversations },
    async close() {
      for (const [name, step] of shutdown) {
        try {
          await step();
        } catch (err) {
          ctx.logger.error({ err, service: name }, 'error while closing');
        }
      }
    },
  };
}

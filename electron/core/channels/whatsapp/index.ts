/**
 * The real WhatsApp channel (Baileys 7). Kept out of channels/index.ts on purpose: importing
 * Baileys costs about a second, so only code that needs WhatsApp pulls it in.
 */
export { WhatsAppChannel, WhatsAppStartError, type WhatsAppChannelOptions, type WhatsAppChannelEvents, type WhatsAppAuthStore } from './whatsapp-channel';
export {
  WhatsAppService,
  createWhatsAppService,
  createWhatsAppChannel,
  type CreateWhatsAppChannelDeps,
  type NumberRow as WhatsAppNumberRow,
  type WhatsAppServiceEvent,
} from './whatsapp-service';
export { whatsappHandlers, toStatusPayload } from './whatsapp-handlers';
export { loadWhatsAppAuth, hasLinkedSession, wipeWhatsAppAuth, type WhatsAppAuth } from './auth-store';
export { checkNumbersWith, sqliteCheckCache, phoneKeyOf, CHECK_BATCH, CHECK_TTL_MS, type NumberCheckCache } from './number-check';
export { closeAction, backoffDelay, closeCodeOf, type CloseAction } from './close-policy';
export { describeWhatsAppStatus } from './status-messages';
export { baileysSocketFactory, resolveWaVersion, bundledWaVersion } from './default-socket';
export { acceptTestStandIn, TEST_WA_URL_FLAG, TEST_WA_ROOT_FLAG, type WhatsAppStandIn } from './test-switch';
export { useTestStandIn } from './stand-in-trust';
export type { SocketFactory, SocketOptions, WhatsAppSocket } from './socket';

import { z } from 'zod';
import type { MethodSpec } from './method';
import { appEvents, appMethods } from './methods/app';
import { settingsEvents, settingsMethods } from './methods/settings';
import { secretsMethods } from './methods/secrets';
import { logMethods } from './methods/log';
import { campaignDraftEvents, campaignDraftMethods } from './methods/campaign-drafts';
import { campaignRunEvents, campaignRunMethods } from './methods/campaign-run';
import { campaignEngineMethods } from './methods/campaign-engine';
import { optOutsEvents, optOutsMethods } from './methods/opt-outs';
import { numberEvents, numberMethods } from './methods/numbers';
import { licenseEvents, licenseMethods } from './methods/license';
import { messagesMethods } from './methods/messages';
import { attachmentsMethods } from './methods/attachments';
import { aiEvents, aiMethods } from './methods/ai';
import { dataEvents, dataMethods } from './methods/data';
import { storageEvents, storageMethods } from './methods/storage';
import { notificationsEvents, notificationsMethods } from './methods/notifications';
import { desktopEvents, desktopMethods } from './methods/desktop';
import { updatesEvents, updatesMethods } from './methods/updates';
import { whatsappEvents, whatsappMethods } from './methods/whatsapp';
import { leadsEvents, leadsMethods } from './methods/leads';
import { uploadsMethods } from './methods/uploads';
import { resultsEvents, resultsMethods } from './methods/results';
import { conversationsEvents, conversationsMethods } from './methods/conversations';
import { groupsEvents, groupsMethods } from './methods/groups';
import { cloudEvents, cloudMethods } from './methods/cloud';
import { webhooksEventsSpec, webhooksMethods } from './methods/webhooks';
import { mirroringEvents, mirroringMethods } from './methods/mirroring';

/**
 * The one API contract. Every request the renderer can make is declared with a zod schema for
 * its input and output; every event the core pushes is declared in `events`. The core
 * validates each input before any handler runs. Each capability declares its namespace in
 * shared/api/methods/<capability>.ts and is spread in here.
 */
export const methods = {
  ...appMethods,
  ...settingsMethods,
  ...secretsMethods,
  ...logMethods,
  ...campaignDraftMethods,
  ...campaignRunMethods,
  ...campaignEngineMethods,
  ...optOutsMethods,
  ...numberMethods,
  ...licenseMethods,
  ...messagesMethods,
  ...attachmentsMethods,
  ...aiMethods,
  ...dataMethods,
  ...storageMethods,
  ...notificationsMethods,
  ...desktopMethods,
  ...updatesMethods,
  ...whatsappMethods,
  ...uploadsMethods,
  ...leadsMethods,
  ...resultsMethods,
  ...conversationsMethods,
  ...groupsMethods,
  ...cloudMethods,
  ...webhooksMethods,
  ...mirroringMethods,
} satisfies Record<string, MethodSpec>;

export const events = {
  ...appEvents,
  ...settingsEvents,
  ...campaignDraftEvents,
  ...campaignRunEvents,
  ...optOutsEvents,
  ...numberEvents,
  ...licenseEvents,
  ...aiEvents,
  ...dataEvents,
  ...storageEvents,
  ...notificationsEvents,
  ...desktopEvents,
  ...updatesEvents,
  ...whatsappEvents,
  ...leadsEvents,
  ...resultsEvents,
  ...conversationsEvents,
  ...groupsEvents,
  ...cloudEvents,
  ...webhooksEventsSpec,
  ...mirroringEvents,
} satisfies Record<string, z.ZodType>;

export type { MethodSpec };
export { appInfoSchema, type AppInfo } from './methods/app';
export { secretNames, secretNameSchema, type SecretName } from './methods/secrets';

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type MethodInput<K extends MethodName> = z.input<Methods[K]['input']>;
export type MethodOutput<K extends MethodName> = z.output<Methods[K]['output']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.prototype.hasOwnProperty.call(methods, name);
}

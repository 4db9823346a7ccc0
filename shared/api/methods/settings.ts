import { settingsPatchSchema, settingsSchema } from '../../settings/schema';
import { method, none } from '../method';

/** The app's settings (language, business name, time zone, phone country…); the schema is shared/settings. */
export const settingsMethods = {
  'settings.get': method(none, settingsSchema),
  'settings.update': method(settingsPatchSchema, settingsSchema),
};

export const settingsEvents = {
  'settings.changed': settingsSchema,
};

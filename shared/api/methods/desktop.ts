import { z } from 'zod';
import { method, none } from '../method';

/** Preferences of the desktop shell (login item, close to tray), kept by the core. Handlers: electron/core/app/desktop-prefs.ts. */

export const desktopPrefsSchema = z.object({
  startAtLogin: z.boolean(),
  /** The first close-to-tray is explained once with a dialog. */
  closeToTrayExplained: z.boolean(),
});
export type DesktopPrefs = z.infer<typeof desktopPrefsSchema>;

export const desktopMethods = {
  'desktop.prefs': method(none, desktopPrefsSchema),
  'desktop.updatePrefs': method(desktopPrefsSchema.partial().strict(), desktopPrefsSchema),
};

export const desktopEvents = {
  'desktop.prefsChanged': desktopPrefsSchema,
};

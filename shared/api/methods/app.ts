import { z } from 'zod';
import { method, none } from '../method';

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['desktop', 'browser', 'cli']),
  dataDir: z.string(),
  schemaVersion: z.number().int(),
  secretStorage: z.object({
    kind: z.string(),
    /** Set when secrets are protected weakly (Linux without a keyring). pt-BR. */
    warning: z.string().nullable(),
  }),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const appMethods = {
  'app.info': method(none, appInfoSchema),
  'app.ping': method(none, z.object({ now: z.number() })),
  /** The computer woke up: timers recompute their due times instead of all firing at once. */
  'app.resumed': method(none, z.object({ ok: z.literal(true) })),
};

export const appEvents = {
  /** Browser mode: the core is restarting (to finish a restore); the tab reconnects and reloads. */
  'app.restarting': z.object({ reason: z.enum(['restore']) }),
};

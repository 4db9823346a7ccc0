import { z } from 'zod';
import { settingsPatchSchema, settingsSchema } from '../../settings/schema';
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

export const secretNames = ['ai.apiKey'] as const;
export const secretNameSchema = z.enum(secretNames);
export type SecretName = z.infer<typeof secretNameSchema>;

export const appMethods = {
  'app.info': method(none, appInfoSchema),
  'app.ping': method(none, z.object({ now: z.number() })),
  /** The computer woke up: timers recompute their due times instead of all firing at once. */
  'app.resumed': method(none, z.object({ ok: z.literal(true) })),

  'settings.get': method(none, settingsSchema),
  'settings.update': method(settingsPatchSchema, settingsSchema),

  /** Secrets are write-only from the renderer: it may learn whether one is set, never its value. */
  'secrets.status': method(none, z.record(z.string(), z.boolean())),
  'secrets.set': method(
    z.object({ name: secretNameSchema, value: z.string().min(1).max(4096) }).strict(),
    z.object({ ok: z.literal(true) }),
  ),
  'secrets.clear': method(z.object({ name: secretNameSchema }).strict(), z.object({ ok: z.literal(true) })),

  /** Renderer errors land in the core's log file. */
  'log.rendererError': method(
    z
      .object({
        message: z.string().max(2000),
        stack: z.string().max(8000).optional(),
        source: z.string().max(200).optional(),
      })
      .strict(),
    z.object({ ok: z.literal(true) }),
  ),
};

export const appEvents = {
  'settings.changed': settingsSchema,
  /** Browser mode: the core is restarting (to finish a restore); the tab reconnects and reloads. */
  'app.restarting': z.object({ reason: z.enum(['restore']) }),
};

import { z } from 'zod';
import { method, none } from '../method';

export const secretNames = ['ai.apiKey'] as const;
export const secretNameSchema = z.enum(secretNames);
export type SecretName = z.infer<typeof secretNameSchema>;

export const secretsMethods = {
  /** Secrets are write-only from the renderer: it may learn whether one is set, never its value. */
  'secrets.status': method(none, z.record(z.string(), z.boolean())),
  'secrets.set': method(
    z.object({ name: secretNameSchema, value: z.string().min(1).max(4096) }).strict(),
    z.object({ ok: z.literal(true) }),
  ),
  'secrets.clear': method(z.object({ name: secretNameSchema }).strict(), z.object({ ok: z.literal(true) })),
};

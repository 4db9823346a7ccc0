import { z } from 'zod';
import { method, none } from '../method';

/** Free space and writability of the data dir (sending pauses when it is full). Handlers: electron/core/storage-health. */

export const storageStates = ['ok', 'low', 'full', 'read_only'] as const;
export const storageStatusSchema = z.object({
  /** ok; low (warning only); full (sending paused, backups refused); read_only (nothing can be saved). */
  state: z.enum(storageStates),
  freeBytes: z.number().nullable(),
  totalBytes: z.number().nullable(),
  sendingAllowed: z.boolean(),
  /** pt-BR, what to do about it; null when all is well. */
  message: z.string().nullable(),
  checkedAt: z.number(),
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;

export const storageMethods = {
  'storage.status': method(none, storageStatusSchema),
};

export const storageEvents = {
  'storage.changed': storageStatusSchema,
};

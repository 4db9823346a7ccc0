import { z } from 'zod';
import { method, none } from '../method';
import { storageStatusSchema } from './storage';
import { uploadIdSchema } from './uploads';

/**
 * Backups and restore, data portability (export everything / delete everything). Handlers:
 * electron/core/portability (with electron/core/backup). Storage health, notifications, the
 * desktop preferences and updates have their own files.
 */

export const backupKinds = ['manual', 'auto', 'cli', 'before-delete'] as const;

export const backupManifestSchema = z.object({
  format: z.literal('recado-backup'),
  formatVersion: z.number().int().positive(),
  appVersion: z.string(),
  schemaVersion: z.number().int().nonnegative(),
  createdAt: z.string(),
  kind: z.enum(backupKinds),
  /** Rows per table at backup time. */
  counts: z.record(z.string(), z.number().int().nonnegative()),
  attachments: z.object({ files: z.number().int().nonnegative(), bytes: z.number().nonnegative() }),
  database: z.object({ bytes: z.number().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
export type BackupManifest = z.infer<typeof backupManifestSchema>;

export const backupFileSchema = z.object({
  fileName: z.string(),
  kind: z.enum(backupKinds),
  createdAt: z.number(),
  bytes: z.number(),
});
export type BackupFileInfo = z.infer<typeof backupFileSchema>;

/**
 * Where a produced file went: saved at a path (desktop save dialog, CLI), offered as a one-time
 * download (browser mode: GET /download/<token>), or nothing because the user cancelled.
 */
const fileDelivery = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), file: z.string(), fileName: z.string(), bytes: z.number() }),
  z.object({ status: z.literal('download'), url: z.string(), fileName: z.string(), bytes: z.number() }),
  z.object({ status: z.literal('cancelled') }),
]);

export const backupResultSchema = z.intersection(fileDelivery, z.object({ manifest: backupManifestSchema.optional() }));
export type BackupResult = z.infer<typeof backupResultSchema>;

export const exportResultSchema = z.intersection(fileDelivery, z.object({ tables: z.record(z.string(), z.number()).optional() }));
export type ExportResult = z.infer<typeof exportResultSchema>;

export const dataStatusSchema = z.object({
  backups: z.array(backupFileSchema),
  lastBackupAt: z.number().nullable(),
  nextAutoBackupAt: z.number().nullable(),
  backupRunning: z.boolean(),
  /** A validated restore waiting for the next start. */
  restorePending: backupManifestSchema.nullable(),
  lastRestore: z
    .object({ at: z.number(), ok: z.boolean(), message: z.string(), previousDataDir: z.string().nullable() })
    .nullable(),
  storage: storageStatusSchema,
});
export type DataStatus = z.infer<typeof dataStatusSchema>;

const ok = z.object({ ok: z.literal(true) });

export const dataMethods = {
  'data.status': method(none, dataStatusSchema),
  /** `target` is honoured only in the desktop app (set by the main process after a save dialog). */
  'data.backupNow': method(z.object({ target: z.string().min(1).max(4096).optional() }).strict().optional(), backupResultSchema),
  'data.exportAll': method(z.object({ target: z.string().min(1).max(4096).optional() }).strict().optional(), exportResultSchema),
  /** Wipes contacts, lists, campaigns and their history after an automatic backup. */
  'data.deleteAll': method(
    z.object({ confirm: z.literal('APAGAR') }).strict(),
    z.object({ ok: z.literal(true), backupFile: z.string(), deleted: z.record(z.string(), z.number()) }),
  ),
  /**
   * Validates a backup sent through `uploads.*` (purpose `restore`) and stages it for the next
   * start; the uploaded file is dropped either way.
   */
  'data.restoreFinish': method(z.object({ fileId: uploadIdSchema }).strict(), z.object({ manifest: backupManifestSchema, restartRequired: z.literal(true) })),
  /** Drops a staged restore. */
  'data.restoreCancel': method(none, ok),
};

export const dataEvents = {
  'data.backupProgress': z.object({ kind: z.enum(backupKinds), phase: z.enum(['database', 'attachments', 'packing', 'done']), percent: z.number() }),
  'data.backupCreated': backupFileSchema,
  'data.restoreStaged': z.object({ manifest: backupManifestSchema }),
};

import { z } from 'zod';
import { method } from '../method';

/**
 * Files sent by the UI in ordered base64 chunks (IPC and WebSocket behave the same); other
 * methods take the finished file by its id (`leads.preview`, `leads.import`, `data.restoreFinish`). Handlers:
 * electron/core/uploads.
 */

/**
 * What a file is sent for: a spreadsheet to import (capped at UPLOAD_MAX_BYTES), or a backup to
 * restore (as large as the data it holds; room is checked for the upload and its extraction).
 */
export const uploadPurposes = ['import', 'restore'] as const;
export type UploadPurpose = (typeof uploadPurposes)[number];

/** The largest spreadsheet an import accepts. */
export const UPLOAD_MAX_BYTES = 500 * 1024 * 1024;
/** Raw bytes per chunk; base64 makes it 4/3 larger on the wire. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

export const uploadIdSchema = z.string().regex(/^[a-f0-9]{32}$/);
const ok = z.object({ ok: z.literal(true) });

export const uploadsMethods = {
  /** Starts a file upload (a spreadsheet ≤ 500 MB, or a backup) into the data dir's temp area. */
  'uploads.begin': method(
    z.object({ fileName: z.string().min(1).max(260), size: z.number().int().nonnegative(), purpose: z.enum(uploadPurposes).optional() }).strict(),
    z.object({ uploadId: z.string(), chunkBytes: z.number().int() }),
  ),
  /** Chunks arrive in order: `offset` must equal the bytes received so far. */
  'uploads.chunk': method(
    z.object({ uploadId: uploadIdSchema, offset: z.number().int().nonnegative(), dataBase64: z.string().max(Math.ceil((UPLOAD_CHUNK_BYTES * 4) / 3) + 8) }).strict(),
    z.object({ received: z.number().int() }),
  ),
  'uploads.finish': method(z.object({ uploadId: uploadIdSchema }).strict(), z.object({ fileId: z.string(), fileName: z.string(), size: z.number().int() })),
  /** Drops an upload in progress or a finished file that will not be imported. */
  'uploads.cancel': method(z.object({ uploadId: uploadIdSchema }).strict(), ok),
};

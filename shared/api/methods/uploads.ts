import { z } from 'zod';
import { method } from '../method';

/**
 * Files sent by the UI in ordered base64 chunks (IPC and WebSocket behave the same); other
 * methods take the finished file by its id (`leads.preview`, `leads.import`). Handlers:
 * electron/core/uploads.
 */

export const UPLOAD_MAX_BYTES = 500 * 1024 * 1024;
/** Raw bytes per chunk; base64 makes it 4/3 larger on the wire. */
export const UPLOAD_CHUNK_BYTES = 4 * 1024 * 1024;

export const uploadIdSchema = z.string().regex(/^[a-f0-9]{32}$/);
const ok = z.object({ ok: z.literal(true) });

export const uploadsMethods = {
  /** Starts a file upload (≤ 500 MB) into the data dir's temp area. */
  'uploads.begin': method(
    z.object({ fileName: z.string().min(1).max(260), size: z.number().int().nonnegative() }).strict(),
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

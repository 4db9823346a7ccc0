import { z } from 'zod';
import { attachmentRefSchema } from '../../campaigns/schema';
import { method } from '../method';

/**
 * Attachments of a message: files stored in the data dir by content hash. The limits live here
 * so the UI can refuse a file before uploading it.
 */

export const attachmentKinds = ['image', 'video', 'document', 'audio'] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

const MB = 1024 * 1024;
/** What WhatsApp itself accepts per kind. */
export const WHATSAPP_ATTACHMENT_LIMITS: Record<AttachmentKind, number> = {
  image: 5 * MB,
  video: 16 * MB,
  audio: 16 * MB,
  document: 100 * MB,
};
/**
 * What we can carry to the core in one request (the WebSocket frame is 32 MB and base64 adds a
 * third): larger documents, which WhatsApp would accept, are refused with an explanation.
 */
export const TRANSPORT_MAX_ATTACHMENT_BYTES = 16 * MB;
/** Base64 length of the largest accepted file, plus slack for padding. */
const MAX_BASE64_CHARS = Math.ceil((TRANSPORT_MAX_ATTACHMENT_BYTES + MB) / 3) * 4;

/** Effective size limit per kind: WhatsApp's, capped by what the transport can carry. */
export function attachmentLimit(kind: AttachmentKind): number {
  return Math.min(WHATSAPP_ATTACHMENT_LIMITS[kind], TRANSPORT_MAX_ATTACHMENT_BYTES);
}

/** "5 MB", "16 MB", "1,5 MB": sizes as a pt-BR reader expects them. */
export function formatMegabytes(bytes: number): string {
  const mb = bytes / MB;
  const rounded = mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10;
  return `${rounded.toLocaleString('pt-BR')} MB`;
}

/** Extensions accepted per kind (lower-case, no dot); the core also checks the file's bytes. */
export const ATTACHMENT_EXTENSIONS: Record<AttachmentKind, readonly string[]> = {
  image: ['jpg', 'jpeg', 'png', 'webp'],
  video: ['mp4', '3gp'],
  audio: ['ogg', 'opus', 'mp3', 'm4a', 'aac', 'amr'],
  document: ['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'txt', 'csv'],
};

/** The kind a file name belongs to, by extension; null when WhatsApp would not take it. */
export function attachmentKindOf(fileName: string): AttachmentKind | null {
  const ext = /\.([a-z0-9]+)$/i.exec(fileName.trim())?.[1]?.toLowerCase();
  if (!ext) return null;
  for (const kind of attachmentKinds) if (ATTACHMENT_EXTENSIONS[kind].includes(ext)) return kind;
  return null;
}

const attachmentInfoSchema = attachmentRefSchema.extend({
  /** data: URL for images the UI may show (≤ 5 MB); null for other kinds. */
  dataUrl: z.string().nullable(),
  /** False when the file went missing from the data dir (the campaign cannot send it). */
  exists: z.boolean(),
});
export type AttachmentInfo = z.infer<typeof attachmentInfoSchema>;

export const attachmentsMethods = {
  /** Stores a file in the data dir by content hash, after checking its type and size. */
  'attachments.add': method(
    z
      .object({
        fileName: z.string().trim().min(1).max(255),
        mimeType: z.string().max(120),
        dataBase64: z.string().max(MAX_BASE64_CHARS, 'Arquivo grande demais para anexar'),
        voiceNote: z.boolean().optional(),
      })
      .strict(),
    attachmentRefSchema,
  ),
  'attachments.get': method(z.object({ sha256: z.string().regex(/^[a-f0-9]{64}$/) }).strict(), attachmentInfoSchema),
};

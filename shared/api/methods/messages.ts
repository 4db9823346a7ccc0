import { z } from 'zod';
import { attachmentRefSchema } from '../../campaigns/schema';
import { method } from '../method';

/**
 * Message editing: live preview with a real contact, and attachments (AI-written copy is in ai.ts).
 * Attachment limits live here so the UI can refuse a file before uploading it.
 */

// ---------------------------------------------------------------------------------------------
// Attachments

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

// ---------------------------------------------------------------------------------------------
// Preview and variables

/** The lists a preview or an AI request draws contacts and variables from. */
export const listIdsSchema = z.array(z.number().int().positive()).max(50);
const listIds = listIdsSchema;

export const previewInputSchema = z
  .object({
    template: z.string().max(20000),
    /** A given contact; otherwise one is picked from `listIds` by the seed. */
    contactId: z.number().int().positive().optional(),
    listIds: listIds.optional(),
    seed: z.union([z.number(), z.string().max(100)]),
    timeZone: z.string().min(1).max(64),
    optOut: z.object({ enabled: z.boolean(), text: z.string().max(300) }),
    /** Render time (ms); defaults to now. */
    now: z.number().int().optional(),
  })
  .strict();

export const previewContactSchema = z.object({
  id: z.number().int().nullable(),
  name: z.string(),
  /** Display form, e.g. +55 (11) 98765-4321. */
  phone: z.string(),
});
export type PreviewContact = z.infer<typeof previewContactSchema>;

export const previewSchema = z.object({
  text: z.string(),
  contact: previewContactSchema,
  /** True when there were no contacts and a made-up one ("Maria Silva") was used. */
  sample: z.boolean(),
});
export type MessagePreview = z.infer<typeof previewSchema>;

export const knownVariableSchema = z.object({
  /** Lookup key as used in templates, e.g. `cidade`. */
  key: z.string(),
  /** Column name as imported, e.g. `Cidade`. */
  label: z.string(),
});
export type KnownVariable = z.infer<typeof knownVariableSchema>;

export const variableCoverageSchema = z.object({
  /** Active contacts of the lists (every active contact when no list is chosen). */
  total: z.number().int(),
  /** Variables the lists know of; unknown keys are left out (the linter speaks about those). */
  variables: z.array(z.object({ key: z.string(), empty: z.number().int() })),
});
export type VariableCoverage = z.infer<typeof variableCoverageSchema>;

/** The preview WhatsApp will show under the first link (fetched by the core, cached per link). */
export const linkPreviewResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('ok'),
    url: z.string(),
    title: z.string(),
    description: z.string().optional(),
    /** A data: URL of the JPEG thumbnail sent with the message. */
    thumbnail: z.string().optional(),
  }),
  /** The text has no link. */
  z.object({ status: z.literal('no_link') }),
  /** Offline, the site did not answer, or the page has no title: the link goes without a preview. */
  z.object({ status: z.literal('unavailable') }),
]);
export type LinkPreviewResult = z.infer<typeof linkPreviewResultSchema>;

export const messagesMethods = {
  /** Renders a template as a real contact would receive it (opt-out footer included). */
  'messages.preview': method(previewInputSchema, previewSchema),
  /** The link preview a message will carry, as the send loop will fetch it. */
  'messages.linkPreview': method(z.object({ text: z.string().max(20000) }).strict(), linkPreviewResultSchema),
  /** A few active contacts from the lists, for "preview as". */
  'messages.sampleContacts': method(
    z.object({ listIds: listIds, limit: z.number().int().min(1).max(50).default(10) }).strict(),
    z.array(previewContactSchema.extend({ id: z.number().int() })),
  ),
  /** Custom fields (list columns) usable as variables for these lists. */
  'messages.knownVariables': method(z.object({ listIds }).strict(), z.array(knownVariableSchema)),
  /** For each variable, how many of the lists' active contacts have no value for it. */
  'messages.variableCoverage': method(
    z.object({ listIds, keys: z.array(z.string().min(1).max(64)).max(50) }).strict(),
    variableCoverageSchema,
  ),

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

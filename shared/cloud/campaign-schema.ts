import { z } from 'zod';

/**
 * What a campaign stores to send an approved Cloud API template: the Cloud number, a snapshot of
 * the template (so the campaign sends exactly what was reviewed, even offline), where each
 * variable's value comes from, and the header media file. Used both for campaigns sent through
 * a Cloud number and for the fallback of a WhatsApp Web campaign.
 */

export const slotSourceSchema = z.discriminatedUnion('kind', [
  /** A contact field (`primeiro_nome`, `nome`, `telefone`, a spreadsheet column…) with a text for when it is empty. */
  z.object({ kind: z.literal('field'), field: z.string().trim().min(1).max(80), fallback: z.string().max(200).optional() }),
  z.object({ kind: z.literal('text'), value: z.string().max(1000) }),
]);
export type SlotSourceInput = z.infer<typeof slotSourceSchema>;

const buttonSchema = z
  .object({
    type: z.string().max(30),
    text: z.string().max(200),
    url: z.string().max(2000).optional(),
    phone_number: z.string().max(40).optional(),
    example: z.array(z.string().max(2000)).max(5).optional(),
  })
  .passthrough();

export const templateComponentSchema = z
  .object({
    type: z.string().max(20),
    format: z.string().max(20).optional(),
    text: z.string().max(4000).optional(),
    buttons: z.array(buttonSchema).max(10).optional(),
    example: z.record(z.string(), z.unknown()).optional(),
  })
  .passthrough();

export const templateSnapshotSchema = z.object({
  id: z.string().min(1).max(64),
  name: z.string().min(1).max(512),
  language: z.string().min(2).max(15),
  category: z.string().max(40),
  parameterFormat: z.string().max(20).optional(),
  components: z.array(templateComponentSchema).max(8),
});
export type TemplateSnapshot = z.infer<typeof templateSnapshotSchema>;

/** Same shape as the message attachments (the file lives in <dataDir>/attachments/<sha256>). */
export const headerMediaSchema = z.object({
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  kind: z.enum(['image', 'video', 'document']),
  fileName: z.string().min(1).max(255),
  mimeType: z.string().min(1).max(120),
  size: z.number().int().nonnegative(),
});
export type HeaderMedia = z.infer<typeof headerMediaSchema>;

export const campaignTemplateSchema = z.object({
  /** The Cloud number whose account owns the template. */
  numberId: z.number().int().positive(),
  template: templateSnapshotSchema,
  /** Slot key (`body.1`, `header.name`, `button.0.1`) → where its value comes from. */
  mapping: z.record(z.string().max(80), slotSourceSchema),
  headerMedia: headerMediaSchema.nullable(),
});
export type CampaignTemplate = z.infer<typeof campaignTemplateSchema>;

export const campaignFallbackSchema = z.object({
  /** The Cloud number and template the remaining contacts get when the Web numbers fail. */
  template: campaignTemplateSchema,
  /** How long a disconnected Web number may stay away before the fallback takes over (minutes). */
  graceMinutes: z.number().int().min(0).max(1440),
});
export type CampaignFallback = z.infer<typeof campaignFallbackSchema>;

/** How a campaign's first message goes out: free-form text by WhatsApp Web, or an approved template by the Cloud API. */
export const campaignChannels = ['web', 'cloud'] as const;
export type CampaignChannel = (typeof campaignChannels)[number];

export const DEFAULT_FALLBACK_GRACE_MINUTES = 15;

import { z } from 'zod';
import { campaignChannels, campaignFallbackSchema, campaignTemplateSchema } from '../cloud/campaign-schema';
import { locationSchema } from '../messages/location';

/**
 * A campaign's editable document, shared by the wizard (renderer) and the engine (core).
 * Stored as JSON columns on `campaigns`; validated with these schemas on every write.
 */

export const MAX_VARIATIONS = 10;
export const DEFAULT_OPT_OUT_TEXT = 'Responda SAIR para não receber mais mensagens.';

export const attachmentRefSchema = z.object({
  /** sha256 of the file content: the file lives in <dataDir>/attachments/<sha256>. */
  sha256: z.string().regex(/^[a-f0-9]{64}$/),
  kind: z.enum(['image', 'video', 'document', 'audio']),
  fileName: z.string().min(1).max(255),
  mimeType: z.string().min(1).max(120),
  size: z.number().int().nonnegative(),
  /** Audio sent as a voice note (push-to-talk). */
  voiceNote: z.boolean().optional(),
});
export type AttachmentRef = z.infer<typeof attachmentRefSchema>;

export const variationSchema = z.object({
  id: z.string().min(1).max(40),
  /** Template source in Recado's spin/variable syntax (shared/template). */
  text: z.string().max(20000),
  attachment: attachmentRefSchema.nullable().default(null),
  /** A map pin sent instead of a file (the text follows as its own message). */
  location: locationSchema.nullable().optional(),
});
export type Variation = z.infer<typeof variationSchema>;

export const campaignMessagesSchema = z.object({
  variations: z
    .array(variationSchema)
    .max(MAX_VARIATIONS)
    .refine((vs) => vs.every((v) => !(v.attachment && v.location)), 'Uma variação leva um anexo ou uma localização, não os dois. Remova um deles.'),
  strategy: z.enum(['even', 'random', 'round_robin']),
  optOut: z.object({ enabled: z.boolean(), text: z.string().max(300) }),
  linkPreview: z.boolean(),
});
export type CampaignMessages = z.infer<typeof campaignMessagesSchema>;

export const aiBriefSchema = z.object({
  business: z.string().max(2000),
  offer: z.string().max(2000),
  tone: z.string().max(200),
  goal: z.string().max(500),
});
export type AiBrief = z.infer<typeof aiBriefSchema>;

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use o formato HH:MM');

export const scheduleSchema = z.object({
  /** null = start as soon as the campaign is started. */
  startAt: z.number().int().nullable(),
  endAt: z.number().int().nullable(),
  timeZone: z.string().min(1).max(64),
  days: z.array(z.number().int().min(0).max(6)).min(1, 'Escolha ao menos um dia da semana'),
  start: hhmm,
  end: hhmm,
  skipHolidays: z.object({ national: z.boolean(), state: z.string().regex(/^[A-Z]{2}$/).optional() }),
});
export type CampaignSchedule = z.infer<typeof scheduleSchema>;

export const pacingSchema = z.object({
  minDelaySec: z.number().min(0).max(3600),
  maxDelaySec: z.number().min(0).max(3600),
  typing: z.boolean(),
  batchEvery: z.number().int().min(0).max(10000),
  batchPauseMinutes: z.number().min(0).max(1440),
  hourlyCap: z.number().int().min(0).max(100000),
  dailyCap: z.number().int().min(0).max(100000),
});
export type CampaignPacing = z.infer<typeof pacingSchema>;

export const audienceSchema = z.object({
  listIds: z.array(z.number().int().positive()).max(50),
  /** Contacts with any of these labels (etiquetas) also receive it, in a list or not. */
  tagIds: z.array(z.number().int().positive()).max(50).optional(),
  /** Skip contacts messaged by any campaign in the last N days; 0 = off. */
  frequencyCapDays: z.number().int().min(0).max(365),
  /**
   * Groups instead of contacts (issue 19): one message per chosen group of this number, which
   * must be the campaign's only number. Lists, labels and the frequency cap are then not used.
   * A draft may hold none yet (the wizard is half filled); starting it needs at least one.
   */
  groups: z
    .object({
      numberId: z.number().int().positive(),
      jids: z.array(z.string().regex(/^[0-9-]{1,64}@g\.us$/, 'Grupo inválido')).max(256),
    })
    .nullable()
    .optional(),
});
export type CampaignAudience = z.infer<typeof audienceSchema>;

export const campaignStatuses = ['draft', 'scheduled', 'running', 'paused', 'finished', 'cancelled'] as const;
export type CampaignStatus = (typeof campaignStatuses)[number];

export const campaignDraftSchema = z.object({
  name: z.string().trim().min(1, 'Dê um nome à campanha').max(120),
  audience: audienceSchema,
  messages: campaignMessagesSchema,
  aiBrief: aiBriefSchema.nullable(),
  schedule: scheduleSchema,
  pacing: pacingSchema,
  numberIds: z.array(z.number().int().positive()).max(20),
  rotation: z.enum(['round_robin', 'least_used']),
  /** 'cloud': the campaign sends an approved template through a Cloud API number (`cloudTemplate`). */
  channel: z.enum(campaignChannels).default('web'),
  cloudTemplate: campaignTemplateSchema.nullable().default(null),
  /** A WhatsApp Web campaign's plan B: a Cloud number and template for when its numbers fail. */
  fallback: campaignFallbackSchema.nullable().default(null),
});
export type CampaignDraft = z.infer<typeof campaignDraftSchema>;

export function defaultCampaignDraft(timeZone = 'America/Sao_Paulo'): CampaignDraft {
  return {
    name: '',
    audience: { listIds: [], frequencyCapDays: 0 },
    messages: {
      variations: [{ id: 'v1', text: '', attachment: null }],
      strategy: 'even',
      optOut: { enabled: true, text: DEFAULT_OPT_OUT_TEXT },
      linkPreview: false,
    },
    aiBrief: null,
    schedule: { startAt: null, endAt: null, timeZone, days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00', skipHolidays: { national: true } },
    pacing: { minDelaySec: 30, maxDelaySec: 90, typing: true, batchEvery: 0, batchPauseMinutes: 0, hourlyCap: 0, dailyCap: 0 },
    numberIds: [],
    rotation: 'round_robin',
    channel: 'web',
    cloudTemplate: null,
    fallback: null,
  };
}

export const campaignSummarySchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(campaignStatuses),
  pauseReason: z.string().nullable(),
  createdAt: z.number(),
  updatedAt: z.number(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
});
export type CampaignSummary = z.infer<typeof campaignSummarySchema>;

export const campaignSchema = campaignSummarySchema.extend({ draft: campaignDraftSchema });
export type Campaign = z.infer<typeof campaignSchema>;

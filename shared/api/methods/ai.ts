import { z } from 'zod';
import { aiBriefSchema } from '../../campaigns/schema';
import { method, none } from '../method';
import { listIdsSchema as listIds } from './messages';

/** AI-written copy: provider settings, generation jobs (streamed as events), spin templates. Handlers: electron/core/ai. */

/** Same ids as electron/core/ai/providers.ts (checked at compile time in the handlers). */
export const aiProviderIds = ['openai', 'ollama', 'lmstudio', 'custom'] as const;
export type AiProviderId = (typeof aiProviderIds)[number];

export const aiConfigSchema = z.object({
  provider: z.enum(aiProviderIds),
  /** null = the preset's address. */
  baseURL: z.string().trim().max(500).nullable(),
  /** null = the preset's model. */
  model: z.string().trim().max(200).nullable(),
});
export type AiConfigInput = z.infer<typeof aiConfigSchema>;

export const aiPresetSchema = z.object({
  id: z.enum(aiProviderIds),
  label: z.string(),
  baseURL: z.string(),
  defaultModel: z.string(),
  needsKey: z.boolean(),
  local: z.boolean(),
});

export const aiSettingsSchema = z.object({
  config: aiConfigSchema,
  /** Whether an API key is stored; the key itself never leaves the core. */
  hasKey: z.boolean(),
  /** The effective address/model after presets are applied. */
  resolved: z.object({ baseURL: z.string(), model: z.string(), local: z.boolean() }),
  presets: z.array(aiPresetSchema),
  /** Generations used today (local day) against the plan's limit; local servers are free. */
  usage: z.object({ today: z.number().int(), limit: z.number().int(), counted: z.boolean() }),
});
export type AiSettings = z.infer<typeof aiSettingsSchema>;

const errorInfoSchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional(), params: z.record(z.string(), z.union([z.string(), z.number()])).optional() });

export const aiTestResultSchema = z.union([
  z.object({ ok: z.literal(true), models: z.array(z.string()), model: z.string() }),
  z.object({ ok: z.literal(false), error: errorInfoSchema, models: z.array(z.string()).optional() }),
]);
export type AiTestResult = z.infer<typeof aiTestResultSchema>;

export const lintIssueSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
  start: z.number().int(),
  end: z.number().int(),
});

export const aiVariationSchema = z.object({ text: z.string(), issues: z.array(lintIssueSchema) });
export type AiVariationResult = z.infer<typeof aiVariationSchema>;

/** Why a requested variation came back empty (same ids as electron/core/ai/client.ts). */
export const aiGapReasons = ['truncated', 'fewer', 'duplicate', 'refusal', 'too_short'] as const;
export type AiGapReasonId = (typeof aiGapReasons)[number];
export const aiGapSchema = z.object({ index: z.number().int().min(0), reason: z.enum(aiGapReasons) });
export type AiGapView = z.infer<typeof aiGapSchema>;

/** Client-chosen id, so the UI can listen for a job's events before the call returns. */
const jobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);

const aiTarget = {
  /** The campaign the copy is for: its lists give the extra variables the model may use. */
  campaignId: z.number().int().positive().optional(),
  listIds: listIds.optional(),
  jobId: jobId.optional(),
};

export const aiGenerateInputSchema = z
  .object({ ...aiTarget, brief: aiBriefSchema, count: z.number().int().min(1).max(10) })
  .strict();

export const aiRegenerateInputSchema = z
  .object({
    ...aiTarget,
    brief: aiBriefSchema,
    /** Every current variation (the one being replaced included). */
    others: z.array(z.string().max(20000)).max(10),
    index: z.number().int().min(0).max(9),
  })
  .strict();

export const aiRegenerateResultSchema = aiVariationSchema.extend({ index: z.number().int(), maxSimilarity: z.number() });

export const aiSpintaxInputSchema = z.object({ ...aiTarget, text: z.string().min(1).max(4096) }).strict();
export const aiSpintaxResultSchema = z.object({ template: z.string(), issues: z.array(lintIssueSchema), combinations: z.number() });

export const aiMethods = {
  'ai.getConfig': method(none, aiSettingsSchema),
  'ai.setConfig': method(aiConfigSchema.strict(), aiSettingsSchema),
  /** "Testar conexão": lists the models and checks the configured one. */
  'ai.test': method(none, aiTestResultSchema),
  /** Starts writing variations; progress comes as ai.delta, then ai.done or ai.failed. */
  'ai.generate': method(aiGenerateInputSchema, z.object({ jobId })),
  'ai.cancel': method(z.object({ jobId }).strict(), z.object({ ok: z.literal(true) })),
  /** Rewrites one variation so it differs from the others (streams ai.delta when given a jobId). */
  'ai.regenerate': method(aiRegenerateInputSchema, aiRegenerateResultSchema),
  /** Turns a message into a spin template. */
  'ai.toSpintax': method(aiSpintaxInputSchema, aiSpintaxResultSchema),
};

export const aiEvents = {
  /** Streamed progress: `text` is everything so far; `partial` the messages readable so far. */
  'ai.delta': z.object({ jobId, text: z.string(), partial: z.array(z.string()) }),
  'ai.done': z.object({
    jobId,
    variations: z.array(aiVariationSchema),
    maxSimilarity: z.number(),
    /** How many were asked for, and the slots left empty with the reason (the UI explains each). */
    requested: z.number().int(),
    gaps: z.array(aiGapSchema),
  }),
  'ai.failed': z.object({ jobId, error: errorInfoSchema }),
};

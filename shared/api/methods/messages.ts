import { z } from 'zod';
import { method } from '../method';

/**
 * Message editing: live preview with a real contact and the variables it can use (attachments
 * are in attachments.ts, AI-written copy in ai.ts).
 */

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

};

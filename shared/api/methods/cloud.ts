import { z } from 'zod';
import { method, none } from '../method';
import { campaignTemplateSchema, templateComponentSchema } from '../../cloud/campaign-schema';
import { PRICING_CATEGORIES } from '../../cloud/pricing';
import { audienceSchema } from '../../campaigns/schema';

/**
 * The official channel (WhatsApp Cloud API): adding a Cloud number after "Testar conexão", its
 * details (quality, messaging limit, webhook URL), changing its credentials, templates (listed,
 * cached, written and submitted here), the dated BRL rate table, and what campaigns cost.
 * The token and the app secret go in (sealed at rest) and never come back out.
 */

const id = z.number().int().positive();
const graphId = z
  .string()
  .trim()
  .regex(/^\d{5,30}$/, 'use só os números do ID, como aparece no painel da Meta');
const token = z.string().trim().min(20, 'o token parece curto demais; copie o token inteiro').max(2048);
const appSecret = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{16,128}$/, 'a chave secreta do app tem só letras e números (Configurações do app → Básico)');

export const phoneInfoSchema = z.object({
  displayPhoneNumber: z.string().nullable(),
  verifiedName: z.string().nullable(),
  /** APPROVED, PENDING_REVIEW, DECLINED, EXPIRED, NONE… */
  nameStatus: z.string().nullable(),
  /** GREEN, YELLOW, RED, UNKNOWN. */
  qualityRating: z.string().nullable(),
  /** TIER_250, TIER_2K, TIER_10K, TIER_100K, TIER_UNLIMITED. */
  messagingLimit: z.string().nullable(),
  /** People per 24 h (null: unknown; -1: unlimited). */
  messagingLimitCount: z.number().nullable(),
  throughputLevel: z.string().nullable(),
});
export type PhoneInfoView = z.infer<typeof phoneInfoSchema>;

export const connectionCheckSchema = phoneInfoSchema.extend({ approvedTemplates: z.number().int() });
export type ConnectionCheckView = z.infer<typeof connectionCheckSchema>;

export const cloudNumberSchema = phoneInfoSchema.extend({
  numberId: z.number().int(),
  phoneNumberId: z.string(),
  wabaId: z.string(),
  checkedAt: z.number().nullable(),
  /** The relay mailbox URL to paste in Meta's dashboard (null until it exists). */
  webhookUrl: z.string().nullable(),
  verifyToken: z.string().nullable(),
  /** 'ok' pulling, 'pending' being created, 'no_license' (trial), 'error' with `relayMessage`. */
  relayState: z.enum(['ok', 'pending', 'no_license', 'error']),
  relayMessage: z.string().nullable(),
  lastEventAt: z.number().nullable(),
  /** Webhook deliveries dropped because their signature did not match the app secret. */
  forged: z.number().int(),
  hasToken: z.boolean(),
  hasAppSecret: z.boolean(),
  /** People messaged with templates in the last 24 h (the messaging limit counts them). */
  recipients24h: z.number().int(),
});
export type CloudNumberView = z.infer<typeof cloudNumberSchema>;

export const templateViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string(),
  category: z.string(),
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED… */
  status: z.string(),
  rejectedReason: z.string().nullable(),
  parameterFormat: z.string().nullable(),
  components: z.array(templateComponentSchema),
  submittedHere: z.boolean(),
  updatedAt: z.number(),
});
export type TemplateView = z.infer<typeof templateViewSchema>;

export const rateTableSchema = z.object({
  effectiveFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'use a data no formato aaaa-mm-dd'),
  currency: z.literal('BRL'),
  rates: z.object(Object.fromEntries(PRICING_CATEGORIES.map((c) => [c, z.number().min(0).max(100)])) as Record<(typeof PRICING_CATEGORIES)[number], z.ZodNumber>),
  source: z.string().max(600),
  editedAt: z.number().nullable(),
});

export const cloudSettingsSchema = z.object({
  rateTable: rateTableSchema,
  defaultRateTable: rateTableSchema,
  graphVersion: z.string(),
  defaultGraphVersion: z.string(),
});
export type CloudSettingsView = z.infer<typeof cloudSettingsSchema>;

export const campaignCostSchema = z.object({
  /** Messages sent through Cloud numbers (fallback included). */
  sent: z.number().int(),
  /** …of which went as a fallback from WhatsApp Web. */
  fallback: z.number().int(),
  /** Billed by Meta according to the status webhooks' `pricing`. */
  billed: z.number().int(),
  brl: z.number(),
  byCategory: z.record(z.string(), z.object({ billed: z.number().int(), brl: z.number() })),
  /** Date of the rate table used. */
  tableDate: z.string(),
  /** When the campaign moved to its fallback number, and why (null: it did not). */
  fallbackAt: z.number().nullable(),
  fallbackReason: z.string().nullable(),
});
export type CampaignCostView = z.infer<typeof campaignCostSchema>;

export const costEstimateSchema = z.object({
  recipients: z.number().int(),
  category: z.string().nullable(),
  perMessage: z.number(),
  total: z.number(),
  tableDate: z.string(),
  /** The limit Meta gives the number: people per 24 h (null: unknown; -1: unlimited). */
  messagingLimit: z.number().nullable(),
  /** Messages the plan (license) allows per day. */
  planPerDay: z.number().int(),
  /** Whose template is priced: the Cloud campaign's own, a Web campaign's fallback, or none. */
  via: z.enum(['cloud', 'fallback']).nullable(),
});
export type CostEstimateView = z.infer<typeof costEstimateSchema>;

export const submitTemplateSchema = z
  .object({
    id,
    name: z
      .string()
      .trim()
      .regex(/^[a-z0-9_]{1,512}$/, 'use só letras minúsculas, números e _ no nome do modelo'),
    language: z.string().trim().min(2).max(15),
    category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']),
    parameterFormat: z.enum(['POSITIONAL', 'NAMED']).optional(),
    components: z.array(templateComponentSchema).min(1).max(6),
    /**
     * The sample file of an IMAGE, VIDEO or DOCUMENT header (an `attachments.add` ref): the core
     * uploads it with Graph's Resumable Upload API and sends its handle as `example.header_handle`.
     */
    headerSample: z
      .object({ sha256: z.string().regex(/^[a-f0-9]{64}$/) })
      .strict()
      .optional(),
  })
  .strict();

export const cloudTemplatePreviewSchema = z.object({
  sample: z.boolean(),
  contacts: z.array(z.object({ name: z.string(), phone: z.string(), text: z.string(), buttons: z.array(z.string()), problems: z.array(z.string()) })),
});
export type CloudTemplatePreview = z.infer<typeof cloudTemplatePreviewSchema>;

export const cloudMethods = {
  /** "Testar conexão": asks Graph about the number and the account with the typed credentials. */
  'cloud.testConnection': method(z.object({ phoneNumberId: graphId, wabaId: graphId, token }).strict(), connectionCheckSchema),
  /** Adds a Cloud number (checked first); the token and app secret are sealed and never returned. */
  'cloud.addNumber': method(z.object({ label: z.string().trim().min(1).max(60), phoneNumberId: graphId, wabaId: graphId, token, appSecret }).strict(), z.object({ numberId: z.number().int() })),
  'cloud.details': method(z.object({ id }).strict(), cloudNumberSchema),
  /** "Trocar token" / "Trocar chave secreta" (a new token is checked with Graph first). */
  'cloud.updateCredentials': method(z.object({ id, token: token.optional(), appSecret: appSecret.optional() }).strict(), cloudNumberSchema),
  /** Reads quality and messaging limit from Graph now. */
  'cloud.refresh': method(z.object({ id }).strict(), cloudNumberSchema),
  /** Creates the number's relay mailbox again (e.g. after activating a license). */
  'cloud.connectRelay': method(z.object({ id }).strict(), cloudNumberSchema),
  /** The cached templates; `refresh` lists every page from Graph first. */
  'cloud.templates': method(z.object({ id, refresh: z.boolean().optional() }).strict(), z.object({ templates: z.array(templateViewSchema), syncedAt: z.number().nullable(), offline: z.boolean() })),
  'cloud.submitTemplate': method(submitTemplateSchema, templateViewSchema),
  /**
   * The wizard's template preview filled with the first contacts the campaign would message
   * (`sample` when the audience is empty and the template's own examples are used instead), with
   * the lengths Meta checks on the filled template.
   */
  'cloud.previewTemplate': method(
    z.object({ template: campaignTemplateSchema, audience: audienceSchema, limit: z.number().int().min(1).max(5).default(3), timeZone: z.string().max(64).optional() }).strict(),
    cloudTemplatePreviewSchema,
  ),
  /** "Escrever com IA": the AI copy assistant drafts a template that follows the category's rules. */
  'cloud.draftTemplate': method(
    z.object({ id, category: z.enum(['MARKETING', 'UTILITY', 'AUTHENTICATION']), brief: z.string().trim().min(3, 'conte em poucas palavras sobre o que é a mensagem').max(600), header: z.boolean() }).strict(),
    z.object({ header: z.string(), body: z.string(), footer: z.string(), examples: z.record(z.string(), z.string()), problems: z.array(z.string()) }),
  ),
  'cloud.settings': method(none, cloudSettingsSchema),
  'cloud.updateSettings': method(z.object({ rateTable: rateTableSchema.nullable().optional(), graphVersion: z.string().regex(/^v\d{1,3}\.\d{1,2}$/, 'use o formato v24.0').nullable().optional() }).strict(), cloudSettingsSchema),
  /** What a campaign's template messages will cost (its audience × the category's rate). */
  'cloud.estimate': method(
    z
      .object({
        campaignId: id,
        /** The wizard's unsaved audience and template (a draft only): the estimate follows the edits before autosave. */
        unsaved: z.object({ audience: audienceSchema, template: z.object({ numberId: id, category: z.string().max(40) }).nullable() }).strict().optional(),
      })
      .strict(),
    costEstimateSchema,
  ),
  /** What Meta billed for a campaign so far (status webhooks' `pricing`). */
  'cloud.campaignCost': method(z.object({ campaignId: id }).strict(), campaignCostSchema),
  /** What Meta billed this month (the app's time zone) across every Cloud number, priced with the table. */
  'cloud.spending': method(none, z.object({ month: z.string().regex(/^\d{4}-\d{2}$/), billed: z.number().int(), brl: z.number(), tableDate: z.string() })),
};

export const cloudEvents = {
  'cloud.templatesChanged': z.object({ numberId: z.number().int() }),
};

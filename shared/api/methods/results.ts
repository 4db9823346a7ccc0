import { z } from 'zod';
import { method } from '../method';
import { campaignCountersSchema } from './campaign-run';
import { campaignStatuses } from '../../campaigns/schema';

/**
 * Live results: campaign metrics and timeline, the Início dashboard, the replies inbox, closed
 * deals and campaign reports. See shared/results/rates.ts for what "enviadas" and each rate mean.
 */

const count = z.number().int().nonnegative();
const idSchema = z.number().int().positive();
const rate = z.number().min(0).max(1).nullable();
const dayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use uma data no formato AAAA-MM-DD');

export const ratesSchema = z.object({ delivery: rate, read: rate, reply: rate, success: rate, conversion: rate });

export const variationResultSchema = z.object({
  variation: z.number().int().nonnegative(),
  /** "A", "B", … */
  label: z.string(),
  /** The variation's template, when the campaign still has it. */
  text: z.string().nullable(),
  reached: count,
  delivered: count,
  read: count,
  replied: count,
  failed: count,
  replyRate: rate,
  readRate: rate,
  best: z.boolean(),
  /** Closed deals on replies to this variation, and their value in centavos. */
  deals: count,
  revenueCents: count,
});
export type VariationResult = z.infer<typeof variationResultSchema>;

export const etaReasons = ['estimate', 'paused', 'no_number', 'window_over', 'finishing'] as const;

export const etaSchema = z.object({
  /** estimate: `at` is set; otherwise why there is no estimate. */
  reason: z.enum(etaReasons),
  /** Estimated end (epoch ms); null when it cannot be estimated (paused, no number, window over). */
  at: z.number().nullable(),
  /** Deliveries still to go (queued + sending). */
  remaining: count,
  /** Estimated messages per hour while the window is open, from pacing and caps. */
  perHour: z.number().nonnegative().nullable(),
  /** pt-BR, honest about being an estimate, e.g. "estimativa: termina por volta de qua, 26/11 às 15:40". */
  message: z.string(),
});
export type Eta = z.infer<typeof etaSchema>;

export const campaignResultsSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(campaignStatuses),
  /** True when any number of the campaign is simulated: the UI and reports say SIMULADO. */
  simulated: z.boolean(),
  counters: campaignCountersSchema,
  /** "Enviadas": sent + delivered + read. */
  reached: count,
  closedDeals: count,
  /** The value of the closed deals (centavos); deals without a value count as R$ 0. */
  revenueCents: count,
  /** Revenue per 100 contacts reached (centavos), once anyone was reached. */
  revenuePer100Cents: z.number().nonnegative().nullable(),
  optedOut: count,
  rates: ratesSchema,
  progress: z.object({ done: count, total: count, fraction: z.number().min(0).max(1) }),
  eta: etaSchema.nullable(),
  variations: z.array(variationResultSchema),
  /** Variations are compared once each one reached this many people. */
  minSendsToCompare: count,
  timeZone: z.string(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  /** When this snapshot was read (epoch ms). */
  at: z.number(),
});
export type CampaignResults = z.infer<typeof campaignResultsSchema>;

export const timelinePointSchema = z.object({
  /** Bucket start (epoch ms). */
  at: z.number(),
  sent: count,
  delivered: count,
  read: count,
  replied: count,
  failed: count,
});
export type TimelinePoint = z.infer<typeof timelinePointSchema>;

export const timelineSchema = z.object({
  /** 1 h, or one local day for long ranges. */
  bucket: z.enum(['hour', 'day']),
  timeZone: z.string(),
  points: z.array(timelinePointSchema),
});
export type Timeline = z.infer<typeof timelineSchema>;

export const dashboardRanges = ['today', '7d', '30d', 'custom'] as const;
export type DashboardRange = (typeof dashboardRanges)[number];

export const numberHealthSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  simulated: z.boolean(),
  status: z.string(),
  connected: z.boolean(),
  flagged: z.boolean(),
  /** Messages handed to the number today (what caps count), and today's cap (null = none). */
  sentToday: count,
  cap: z.number().int().nullable(),
  failedToday: count,
});
export type NumberHealth = z.infer<typeof numberHealthSchema>;

export const dashboardSchema = z.object({
  range: z.object({ kind: z.enum(dashboardRanges), from: z.number(), to: z.number(), fromDay: dayKey, toDay: dayKey, timeZone: z.string() }),
  contacts: z.object({ total: count, active: count, optedOut: count }),
  /** Fixed windows, whatever the range: today, last 7 and 30 local days (today included). */
  sent: z.object({ today: count, last7: count, last30: count }),
  /** Totals within the chosen range. */
  inRange: z.object({ sent: count, delivered: count, read: count, replied: count, failed: count, invalid: count, closedDeals: count, revenueCents: count }),
  rates: ratesSchema,
  campaigns: z.object({ running: count, scheduled: count, paused: count, total: count }),
  numbers: z.array(numberHealthSchema),
  /** True when any sending number is simulated (figures may include rehearsals). */
  anySimulated: z.boolean(),
  timeline: timelineSchema,
  at: z.number(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const replyRowSchema = z.object({
  id: z.number().int(),
  at: z.number(),
  text: z.string(),
  /** The message was an opt-out keyword (the contact left the list). */
  optOut: z.boolean(),
  contactId: z.number().int().nullable(),
  name: z.string().nullable(),
  /** E.164 of the sender, when known. */
  phone: z.string().nullable(),
  /** `https://wa.me/<digits>`, when the phone is known. */
  waLink: z.string().nullable(),
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  numberId: z.number().int().nullable(),
  numberLabel: z.string().nullable(),
  simulated: z.boolean(),
  /** The message we sent that prompted this reply (the delivery's exact text). */
  prompt: z.string().nullable(),
  dealClosed: z.boolean(),
  /** The closed deal's value (centavos), when one was given. */
  dealValueCents: z.number().int().nonnegative().nullable(),
});
export type ReplyRow = z.infer<typeof replyRowSchema>;

const dealOutcome = z.object({
  campaignId: z.number().int().nullable(),
  inboundId: z.number().int().nullable(),
  /** The campaign's closed deals after the change (null for a reply outside any campaign). */
  closedDeals: count.nullable(),
  /** Whether the reply (when given) now counts as a closed deal. */
  dealClosed: z.boolean(),
  /** The campaign's revenue after the change (centavos; null outside any campaign). */
  revenueCents: count.nullable(),
});
export type DealOutcome = z.infer<typeof dealOutcome>;

/** Where a produced file went (same shape as data exports): saved at a path, or a one-time browser download. */
export const reportResultSchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), file: z.string(), fileName: z.string(), bytes: count, rows: count }),
  z.object({ status: z.literal('download'), url: z.string(), fileName: z.string(), bytes: count, rows: count }),
  /** Desktop: the user closed the save dialog. */
  z.object({ status: z.literal('cancelled') }),
]);
export type ReportResult = z.infer<typeof reportResultSchema>;

export const reportFormats = ['csv', 'xlsx'] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const resultsMethods = {
  /** One campaign's live figures: O(1) counters, variations side by side, deals, ETA. */
  'results.campaign': method(z.object({ id: idSchema }).strict(), campaignResultsSchema),
  /** Sends, reads and replies per hour (or per day for ranges over 3 days). Without campaignId: all campaigns. */
  'results.timeline': method(
    z
      .object({ campaignId: idSchema.optional(), from: z.number().int().nonnegative(), to: z.number().int().positive(), bucket: z.enum(['hour', 'day']).optional() })
      .strict(),
    timelineSchema,
  ),
  /** The Início dashboard; days follow the app's time zone. `custom` needs from/to (AAAA-MM-DD, inclusive). */
  'results.dashboard': method(z.object({ range: z.enum(dashboardRanges), from: dayKey.optional(), to: dayKey.optional() }).strict(), dashboardSchema),
  /** Every inbound reply, newest first. */
  'replies.list': method(
    z
      .object({
        campaignId: idSchema.optional(),
        numberId: idSchema.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict()
      .optional(),
    z.object({ total: count, rows: z.array(replyRowSchema) }),
  ),
  /** Records a closed deal: from a reply ("negócio fechado") or the campaign's + button. */
  'deals.add': method(
    z
      .object({
        campaignId: idSchema.optional(),
        contactId: idSchema.optional(),
        inboundId: idSchema.optional(),
        note: z.string().trim().max(500).optional(),
        /** The deal's value in centavos (R$ 1.250,00 → 125000); optional. */
        valueCents: z.number().int('Use centavos inteiros.').min(0, 'O valor não pode ser negativo.').max(100_000_000_00, 'Valor alto demais: até R$ 100 milhões.').optional(),
      })
      .strict(),
    dealOutcome,
  ),
  /** Takes a deal back: the reply's, or one of the campaign's (never below zero). */
  'deals.remove': method(z.object({ campaignId: idSchema.optional(), inboundId: idSchema.optional() }).strict(), dealOutcome),
  /** One row per delivery, CSV (`;`, UTF-8 with BOM) or XLSX; browser mode gets a one-time download. */
  /**
   * Writes a campaign report. Desktop: where the user chose in the save dialog (`target`, added
   * by the main process) or else the data folder; browser mode: a one-time download.
   */
  'reports.campaign': method(z.object({ id: idSchema, format: z.enum(reportFormats), target: z.string().min(1).max(4096).optional() }).strict(), reportResultSchema),
  /** The file name a campaign report gets (the save dialog's suggestion). */
  'reports.fileName': method(z.object({ id: idSchema, format: z.enum(reportFormats) }).strict(), z.object({ fileName: z.string() })),
};

export const resultsEvents = {
  /**
   * Something a results view shows changed: deliveries (right after the matching
   * `campaigns.progress`), replies or deals. `changedAt` is when the first change it covers
   * happened in the core (epoch ms); at most ~5 per second per campaign.
   */
  'results.changed': z.object({
    campaignId: z.number().int().nullable(),
    reason: z.enum(['deliveries', 'replies', 'deals']),
    changedAt: z.number(),
  }),
};

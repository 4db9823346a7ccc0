import { z } from 'zod';
import { audienceSchema, campaignStatuses } from '../../campaigns/schema';
import { method, none } from '../method';

/** Running campaigns: audience preview, start/pause/resume/cancel, deliveries, engine settings. Drafts are in campaign-drafts.ts, opt-outs in opt-outs.ts. */

/**
 * Delivery states as the API shows them. `cancelled` is a view of a stored `skipped` row whose
 * error code is CANCELLED (the campaign was cancelled before it went out): the table's CHECK
 * constraint predates it, and rebuilding a million-row table for a label is not worth it.
 */
export const DELIVERY_STATES = ['queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'invalid', 'skipped', 'cancelled', 'uncertain'] as const;
export const deliveryStateSchema = z.enum(DELIVERY_STATES);
export type DeliveryStateName = z.infer<typeof deliveryStateSchema>;

const count = z.number().int().nonnegative();
const id = z.object({ id: z.number().int().positive() }).strict();

export const campaignCountersSchema = z.object({
  total: count,
  queued: count,
  sending: count,
  sent: count,
  delivered: count,
  read: count,
  failed: count,
  invalid: count,
  /** Not sent for a reason of its own (opted out, contact deleted or inactive, end date reached). */
  skipped: count,
  /** Not sent because the campaign was cancelled. */
  cancelled: count,
  uncertain: count,
  replied: count,
});
export type CampaignCounters = z.infer<typeof campaignCountersSchema>;

/** Why a running campaign is not sending right now. */
/**
 * `number_check`: a number check failed on the connection (the campaign waits, then asks again);
 * `connection`: a send failed on the connection before the message left, or every number of the
 * campaign is reconnecting or unstable.
 */
export const waitReasons = ['scheduled', 'window', 'delay', 'batch_pause', 'hourly_cap', 'daily_cap', 'warmup_cap', 'no_number', 'retry', 'number_check', 'connection'] as const;
export const campaignWaitSchema = z.object({
  reason: z.enum(waitReasons),
  /** Next send time (epoch ms), when known. */
  until: z.number().nullable(),
  /** pt-BR, ready to show, e.g. "aguardando janela — próximo envio seg, 24/11 às 09:00". */
  message: z.string(),
});
export type CampaignWait = z.infer<typeof campaignWaitSchema>;

export const campaignRunStateSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  status: z.enum(campaignStatuses),
  /** Machine reason of an automatic pause, e.g. `plan_limit`, `number_signal`, `failures`. */
  pauseCode: z.string().nullable(),
  /** pt-BR reason shown to the user (automatic pauses say what happened and what to do). */
  pauseReason: z.string().nullable(),
  /** The values pauseReason names (a number's label, a count, the plan), to say it in another language by pauseCode. */
  pauseParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable().optional(),
  counters: campaignCountersSchema,
  waiting: campaignWaitSchema.nullable(),
  startAt: z.number().nullable(),
  startedAt: z.number().nullable(),
  finishedAt: z.number().nullable(),
  updatedAt: z.number(),
});
export type CampaignRunState = z.infer<typeof campaignRunStateSchema>;

export const audiencePreviewSchema = z.object({
  inLists: count,
  optedOut: count,
  invalid: count,
  recentlyMessaged: count,
  final: count,
});
export type AudiencePreview = z.infer<typeof audiencePreviewSchema>;

export const deliveryRowSchema = z.object({
  id: z.number().int(),
  contactId: z.number().int().nullable(),
  name: z.string().nullable(),
  phone: z.string().nullable(),
  state: deliveryStateSchema,
  attempts: count,
  variation: z.number().int().nullable(),
  numberId: z.number().int().nullable(),
  text: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorReason: z.string().nullable(),
  sentAt: z.number().nullable(),
  deliveredAt: z.number().nullable(),
  readAt: z.number().nullable(),
  repliedAt: z.number().nullable(),
  updatedAt: z.number(),
});
export type DeliveryRowView = z.infer<typeof deliveryRowSchema>;


export const campaignRunMethods = {
  /** Counts after each exclusion, for the wizard; accepts the whole draft. */
  'campaigns.audiencePreview': method(z.object({ draft: z.object({ audience: audienceSchema }) }), audiencePreviewSchema),
  /** Creates the deliveries and starts sending (or schedules, when startAt is in the future). */
  'campaigns.start': method(id, campaignRunStateSchema),
  'campaigns.pause': method(id, campaignRunStateSchema),
  'campaigns.resume': method(id, campaignRunStateSchema),
  /** Stops for good; what has not gone out becomes cancelled (nothing stays queued). */
  'campaigns.cancel': method(id, campaignRunStateSchema),
  /** Re-queues failed and uncertain deliveries (never anything else). */
  'campaigns.resendFailed': method(id, z.object({ requeued: count, state: campaignRunStateSchema })),
  /** Sends one rendered message to the user's own phone; not a delivery, not counted. */
  'campaigns.testSend': method(
    z.object({ id: z.number().int().positive(), numberId: z.number().int().positive(), phone: z.string().min(4).max(40), variation: z.number().int().min(0).optional() }).strict(),
    z.object({ messageId: z.string(), text: z.string() }),
  ),
  'campaigns.runState': method(id, campaignRunStateSchema),
  /** Run state of every campaign (drafts included), newest first, for the campaign list. */
  'campaigns.overview': method(none, z.array(campaignRunStateSchema)),
  'campaigns.deliveries': method(
    z
      .object({
        id: z.number().int().positive(),
        states: z.array(deliveryStateSchema).max(DELIVERY_STATES.length).optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(500).default(50),
      })
      .strict(),
    z.object({ total: count, rows: z.array(deliveryRowSchema) }),
  ),
};

export const campaignRunEvents = {
  /** Counters and waiting state of one campaign; at most ~10 per second per campaign. */
  'campaigns.progress': campaignRunStateSchema,
};

import { z } from 'zod';
import { method, none } from '../method';

/**
 * Outbound webhooks (Configurações → Integrações): events as signed JSON to the user's other
 * systems (n8n, Make, Zapier catch hooks, their own server). See electron/core/webhooks.
 */

export const webhookEvents = ['reply.received', 'contact.opted_out', 'delivery.status', 'campaign.finished', 'deal.closed'] as const;
export type WebhookEvent = (typeof webhookEvents)[number];

const id = z.number().int().positive();

const urlSchema = z
  .string()
  .trim()
  .min(1, 'Cole o endereço (URL) que vai receber os eventos.')
  .max(2000, 'Endereço longo demais.')
  .refine((u) => {
    try {
      const p = new URL(u).protocol;
      return p === 'https:' || p === 'http:';
    } catch {
      return false;
    }
  }, 'Use um endereço completo que comece com https:// (ou http:// para um servidor no seu computador ou rede).');

export const webhookInputSchema = z
  .object({
    url: urlSchema,
    events: z.array(z.enum(webhookEvents)).min(1, 'Escolha ao menos um evento para enviar.').max(webhookEvents.length),
    /** Phones and message texts go out only when the user says so. */
    includeContact: z.boolean(),
    enabled: z.boolean().default(true),
  })
  .strict();

export const webhookSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(webhookEvents)),
  includeContact: z.boolean(),
  enabled: z.boolean(),
  createdAt: z.number(),
  /** The latest delivery's outcome, for the list. */
  last: z
    .object({ state: z.enum(['pending', 'delivered', 'failed']), at: z.number(), status: z.number().int().nullable(), error: z.string().nullable() })
    .nullable(),
  pending: z.number().int().nonnegative(),
});
export type WebhookView = z.infer<typeof webhookSchema>;

export const webhookDeliverySchema = z.object({
  id: z.number().int(),
  eventId: z.string(),
  event: z.string(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  nextAt: z.number().nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
  deliveredAt: z.number().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const webhookTestResultSchema = z.object({ ok: z.boolean(), status: z.number().int().nullable(), error: z.string().nullable(), eventId: z.string() });

export const webhooksMethods = {
  'webhooks.list': method(none, z.array(webhookSchema)),
  /** Creates a webhook; its signing secret is returned this once (it is stored encrypted). */
  'webhooks.create': method(webhookInputSchema, z.object({ webhook: webhookSchema, secret: z.string() })),
  'webhooks.update': method(z.object({ id, patch: webhookInputSchema.partial() }).strict(), webhookSchema),
  'webhooks.remove': method(z.object({ id }).strict(), z.object({ removed: z.boolean() })),
  /** Sends a "webhook.test" event now and says what the receiver answered. */
  'webhooks.test': method(z.object({ id }).strict(), webhookTestResultSchema),
  /** The latest deliveries of a webhook (the log). */
  'webhooks.deliveries': method(z.object({ id, limit: z.number().int().min(1).max(200).default(20) }).strict(), z.array(webhookDeliverySchema)),
};

export const webhooksEventsSpec = {
  /** Webhooks or their deliveries changed (a delivery went out, failed, was retried). */
  'webhooks.changed': z.object({ id: z.number().int().nullable() }),
};

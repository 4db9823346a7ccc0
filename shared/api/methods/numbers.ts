import { z } from 'zod';
import { method, none } from '../method';

/** Sending numbers: the Simulator now, WhatsApp numbers (QR pairing) in the next issue. */

const id = z.object({ id: z.number().int().positive() }).strict();
const range = z.tuple([z.number().min(0).max(3_600_000), z.number().min(0).max(3_600_000)]);
const prob = z.number().min(0).max(1);

export const simulatorBehaviorSchema = z
  .object({
    deliveredProb: prob,
    readProb: prob,
    replyProb: prob,
    optOutProb: prob,
    failProb: prob,
    invalidProb: prob,
    quoteProb: prob,
    receiptDelayMs: range,
    replyDelayMs: range,
    sendLatencyMs: range,
    connectDelayMs: z.number().min(0).max(60_000),
    replies: z.array(z.string().max(500)).max(50),
    optOutReplies: z.array(z.string().max(100)).max(20),
  })
  .partial()
  .strict();
export type SimulatorBehaviorInput = z.infer<typeof simulatorBehaviorSchema>;

export const warmupSchema = z.object({
  startCap: z.number().int().min(1).max(100_000),
  increasePerDay: z.number().int().min(0).max(100_000),
  /** Day one of the warm-up (epoch ms); defaults to when it was turned on. */
  startedAt: z.number().int().optional(),
});

export const numberSchema = z.object({
  id: z.number().int(),
  kind: z.enum(['simulator', 'whatsapp', 'cloud']),
  label: z.string(),
  phone: z.string().nullable(),
  /** Always true for the Simulator: the UI shows SIMULADO. */
  simulated: z.boolean(),
  /** Channel state: connecting, qr, connected, reconnecting, unstable, disconnected, logged_out, restricted, error. */
  status: z.string(),
  statusReason: z.string().nullable(),
  /** pt-BR: what the state means and what the user can do (null when connected). */
  statusMessage: z.string().nullable(),
  /** While waiting to reconnect (reconnecting, unstable): when it tries again by itself (epoch ms). */
  retryAt: z.number().nullable(),
  /** Set by a ban/limit signal; campaigns skip the number until the user resumes. */
  flagged: z.boolean(),
  flagReason: z.string().nullable(),
  /** The values flagReason names (`kind` of the signal, `label`, `detail`), to say it in another language. */
  flagParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable().optional(),
  dailyCap: z.number().int().nullable(),
  hourlyCap: z.number().int().nullable(),
  warmup: warmupSchema.required().nullable(),
  /** Messages handed to this number today (local day), and today's effective cap (null = none). */
  today: z.object({ sent: z.number().int(), cap: z.number().int().nullable() }),
  createdAt: z.number(),
});
export type NumberView = z.infer<typeof numberSchema>;

export const numberMethods = {
  'numbers.list': method(none, z.array(numberSchema)),
  /** Adds a "Número simulado" (always labelled SIMULADO). */
  'numbers.addSimulator': method(z.object({ label: z.string().trim().min(1).max(60).optional(), behavior: simulatorBehaviorSchema.optional() }).strict(), numberSchema),
  'numbers.update': method(
    z
      .object({
        id: z.number().int().positive(),
        label: z.string().trim().min(1).max(60).optional(),
        dailyCap: z.number().int().min(1).max(100_000).nullable().optional(),
        hourlyCap: z.number().int().min(1).max(100_000).nullable().optional(),
        warmup: warmupSchema.nullable().optional(),
        behavior: simulatorBehaviorSchema.optional(),
      })
      .strict(),
    numberSchema,
  ),
  /** Refused while a running or scheduled campaign uses the number. */
  'numbers.remove': method(id, z.object({ ok: z.literal(true) })),
  /** Lets the number send again after a ban/limit warning paused it (the user takes the decision). */
  'numbers.clearFlag': method(id, numberSchema),
  /** Simulator only: a message "from" `phone` arrives now (rehearse replies and opt-outs). */
  'numbers.simulateReply': method(
    z.object({ id: z.number().int().positive(), phone: z.string().min(4).max(40), text: z.string().min(1).max(2000) }).strict(),
    z.object({ ok: z.literal(true) }),
  ),
};

export const numberEvents = {
  'numbers.changed': z.object({ id: z.number().int() }),
};

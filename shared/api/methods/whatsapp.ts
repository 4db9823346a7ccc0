import { z } from 'zod';
import { method } from '../method';

/**
 * Linking real WhatsApp numbers (QR code or pairing code), their live status, logging out and
 * removing them, and "verificar números" on a contact list.
 */

export const whatsappStates = ['connecting', 'qr', 'connected', 'reconnecting', 'unstable', 'disconnected', 'logged_out', 'restricted', 'error'] as const;
export const whatsappStateSchema = z.enum(whatsappStates);
export type WhatsAppState = z.infer<typeof whatsappStateSchema>;

const numberId = z.number().int().positive();
const byNumber = z.object({ numberId }).strict();
const ok = z.object({ ok: z.literal(true) });

export const whatsappStatusSchema = z.object({
  numberId,
  state: whatsappStateSchema,
  /** Machine reason, e.g. 'qr_timeout', 'logged_out', 'connection_replaced', 'banned'. */
  reason: z.string().nullable(),
  /** pt-BR explanation for the user. */
  message: z.string(),
  since: z.number(),
  /** While waiting to reconnect (reconnecting, unstable): when it tries again by itself (epoch ms). */
  retryAt: z.number().nullable().optional(),
});
export type WhatsAppStatus = z.infer<typeof whatsappStatusSchema>;

export const whatsappQrSchema = z.object({ numberId, qr: z.string(), expiresAt: z.number() });
export type WhatsAppQr = z.infer<typeof whatsappQrSchema>;

export const whatsappCheckResultSchema = z.object({
  listId: z.number().int(),
  total: z.number().int(),
  onWhatsApp: z.number().int(),
  notOnWhatsApp: z.number().int(),
  /** Contacts left unchecked because the number reached its daily lookup ceiling. */
  unchecked: z.number().int().optional(),
  /** pt-BR explanation when the check stopped early (the daily ceiling). */
  note: z.string().optional(),
});
export type WhatsAppCheckResult = z.infer<typeof whatsappCheckResultSchema>;

export const whatsappMethods = {
  /** Creates a WhatsApp number and starts linking it; QR codes / the pairing code arrive as events. */
  'whatsapp.link': method(
    z
      .object({
        label: z.string().trim().min(1).max(60),
        method: z.enum(['qr', 'pairing']),
        /** Required for 'pairing': the phone of the WhatsApp account, with DDD. */
        phone: z.string().trim().max(40).optional(),
      })
      .strict(),
    z.object({ numberId }),
  ),
  /** A fresh QR after the previous ones expired (or to reconnect a stopped number). */
  'whatsapp.regenerateQr': method(byNumber, ok),
  /** Switches a number that is waiting to be linked to a pairing code for `phone`. */
  'whatsapp.requestPairingCode': method(z.object({ numberId, phone: z.string().trim().min(8).max(40) }).strict(), ok),
  /** Status right now, plus the QR on screen if it is waiting for one. */
  'whatsapp.status': method(byNumber, whatsappStatusSchema.extend({ qr: whatsappQrSchema.nullable() })),
  /** Logs the number out of WhatsApp and forgets its session (the number stays, to link again). */
  'whatsapp.logout': method(byNumber, ok),
  /** Removes the number and wipes its session data. */
  'whatsapp.remove': method(byNumber, ok),
  /** How many contacts of a list are on WhatsApp (uses a connected number; progress as events). */
  'whatsapp.checkList': method(z.object({ listId: z.number().int().positive() }).strict(), whatsappCheckResultSchema),
};

export const whatsappEvents = {
  'whatsapp.status': whatsappStatusSchema,
  'whatsapp.qr': whatsappQrSchema,
  'whatsapp.pairingCode': z.object({ numberId, code: z.string() }),
  'whatsapp.checkProgress': z.object({ listId: z.number().int(), checked: z.number().int(), total: z.number().int() }),
};

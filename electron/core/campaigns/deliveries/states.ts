/** Delivery states and how they relate. */

import { DELIVERY_STATES, type DeliveryStateName } from '../../../../shared/api/methods/campaign-run';

export { DELIVERY_STATES };
export type DeliveryState = DeliveryStateName;

/** States a delivery may end in: nothing more happens to it unless the user re-queues it. */
export const FINAL_STATES: readonly DeliveryState[] = ['sent', 'delivered', 'read', 'failed', 'invalid', 'skipped', 'uncertain'];

/** States the user may re-queue with "reenviar para falhas". */
export const RESENDABLE_STATES: readonly DeliveryState[] = ['failed', 'uncertain'];

/** Progress rank for receipts: they only ever move a delivery to a higher rank. */
export const PROGRESS_RANK: Partial<Record<DeliveryState, number>> = { sending: 1, uncertain: 1, sent: 2, delivered: 3, read: 4 };

export function isFinalState(s: DeliveryState): boolean {
  return FINAL_STATES.includes(s);
}

/** Machine codes stored in deliveries.error_code by the engine itself (channel codes are stored as they come). */
export const ENGINE_CODES = {
  crashUncertain: 'CRASH_UNCERTAIN',
  optedOut: 'OPTED_OUT',
  contactInactive: 'CONTACT_INACTIVE',
  contactDeleted: 'CONTACT_DELETED',
  cancelled: 'CANCELLED',
  windowEnded: 'WINDOW_ENDED',
  notOnWhatsApp: 'NOT_ON_WHATSAPP',
  internal: 'INTERNAL',
} as const;

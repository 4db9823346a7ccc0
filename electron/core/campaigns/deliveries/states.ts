/** Delivery states and how they relate. */

import { DELIVERY_STATES, type DeliveryStateName } from '../../../../shared/api/methods/campaign-run';

export { DELIVERY_STATES };
/** States stored in deliveries.state. `cancelled` is only a view (see {@link viewStateOf}). */
export type DeliveryState = Exclude<DeliveryStateName, 'cancelled'>;

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

/**
 * The state people see: a delivery skipped because its campaign was cancelled reads
 * "Cancelada", not "Pulada". It is stored as `skipped` with error code CANCELLED.
 */
export function viewStateOf(state: DeliveryState, errorCode: string | null): DeliveryStateName {
  return state === 'skipped' && errorCode === ENGINE_CODES.cancelled ? 'cancelled' : state;
}

/** SQL for {@link viewStateOf} over a deliveries row aliased `alias`. */
export function viewStateSql(alias: string): string {
  return `CASE WHEN ${alias}.state = 'skipped' AND ${alias}.error_code = '${ENGINE_CODES.cancelled}' THEN 'cancelled' ELSE ${alias}.state END`;
}

/** SQL condition selecting rows whose view state is one of `states` (values bound in order). */
export function viewStateFilter(alias: string, states: readonly DeliveryStateName[]): { sql: string; args: string[] } {
  const parts: string[] = [];
  const stored = states.filter((s) => s !== 'cancelled' && s !== 'skipped');
  const args: string[] = [...stored];
  if (stored.length) parts.push(`${alias}.state IN (${stored.map(() => '?').join(', ')})`);
  if (states.includes('skipped')) parts.push(`(${alias}.state = 'skipped' AND ${alias}.error_code IS NOT '${ENGINE_CODES.cancelled}')`);
  if (states.includes('cancelled')) parts.push(`(${alias}.state = 'skipped' AND ${alias}.error_code = '${ENGINE_CODES.cancelled}')`);
  return { sql: parts.length ? `(${parts.join(' OR ')})` : '0', args };
}

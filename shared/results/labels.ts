import type { DeliveryStateName } from '../api/methods/campaign-run';

/** Delivery states as a shop owner reads them (reports, tables). */
export const DELIVERY_STATE_LABELS: Record<DeliveryStateName, string> = {
  queued: 'Na fila',
  sending: 'Enviando',
  sent: 'Enviada',
  delivered: 'Entregue',
  read: 'Lida',
  failed: 'Falhou',
  invalid: 'Sem WhatsApp',
  skipped: 'Não enviada',
  cancelled: 'Cancelada',
  uncertain: 'Incerta',
};

/** The same in English (reports exported while the app is in English). */
export const DELIVERY_STATE_LABELS_EN: Record<DeliveryStateName, string> = {
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  delivered: 'Delivered',
  read: 'Read',
  failed: 'Failed',
  invalid: 'No WhatsApp',
  skipped: 'Not sent',
  cancelled: 'Cancelled',
  uncertain: 'Uncertain',
};

/** Marks everything that involved a simulated number: nothing real was sent. */
export const SIMULATED_LABEL = 'SIMULADO';
export const SIMULATED_LABEL_EN = 'SIMULATED';

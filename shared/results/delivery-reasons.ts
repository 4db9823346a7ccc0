/**
 * Why a delivery failed, was skipped or is uncertain, in English, by the code the core stores
 * in deliveries.error_code (the engine's own codes and the channels' codes). The core also
 * stores a pt-BR text (error_reason): pt-BR screens and reports show that one, other languages
 * this one, and a code without a text here falls back to the stored pt-BR.
 * Pure code: the renderer (deliveries table) and the core (reports) both use it.
 */
import type { DeliveryStateName } from '../api/methods/campaign-run';

const EN: Record<string, string> = {
  // The engine's codes (electron/core/campaigns/deliveries/states.ts ENGINE_CODES, journal RECONCILE_CODES)
  CRASH_UNCERTAIN: 'Recado was closed while sending; there is no way to know whether the message left. It will not be resent automatically.',
  JOURNAL_UNCERTAIN:
    'The send journal shows this message was handed to WhatsApp after the state the database holds (for example, after the restored backup), but not whether it left. It will not be resent automatically.',
  OPTED_OUT: 'The contact asked not to receive more messages.',
  CONTACT_INACTIVE: 'The contact is marked as invalid.',
  CONTACT_DELETED: 'The contact was deleted before sending.',
  GROUP_NOT_MEMBER: 'The number is no longer in this group.',
  GROUP_ADMINS_ONLY: 'Only admins can send in this group.',
  GROUP_WRONG_NUMBER: 'This group belongs to another number; the message was not sent through this one.',
  CANCELLED: 'Campaign cancelled before this send.',
  WINDOW_ENDED: 'The campaign end date came before this send.',
  INTERNAL: 'Failure before sending. We will try again in a moment.',
  // The channels' codes (electron/core/channels/errors.ts)
  NOT_CONNECTED: 'The number is not connected. Reconnect it; sending continues afterwards.',
  ABORTED: 'Sending was interrupted midway; the message may have left. It will not be resent automatically.',
  TIMEOUT: 'WhatsApp took too long to answer. We will try again in a moment.',
  NETWORK: 'Internet connection failure. We will try again in a moment.',
  RATE_LIMITED: 'WhatsApp asked to send more slowly. We will wait and try again.',
  SERVER_ERROR: 'WhatsApp is unstable right now. We will try again in a moment.',
  SEND_FAILED: 'The message was not sent. We will try again in a moment.',
  LOGGED_OUT: 'The number was logged out of WhatsApp. Scan the QR code again to continue.',
  NOT_ON_WHATSAPP: 'This number has no WhatsApp.',
  INVALID_JID: 'Invalid destination number. Fix the contact in the list.',
  MEDIA_INVALID: 'The attachment could not be read. Check that the file exists and try again.',
  RESTRICTED: 'WhatsApp restricted this number for new contacts. The number was paused; wait a few hours before resuming.',
  BANNED: 'WhatsApp blocked this number. Sending through it was stopped.',
  // The Cloud API channel's codes
  PAIR_RATE_LIMITED: 'Too many messages to this contact in a short time. We will try again later, for this contact only.',
  UNDELIVERABLE: 'The official API could not deliver the message to this contact. It will not be resent.',
  OUTSIDE_WINDOW: 'Outside the 24-hour customer service window: only an approved template can be sent to this contact.',
  TEMPLATE_ERROR: 'The official API refused the message template or its variables. Check the variable mapping.',
  AUTH_FAILED: 'The official API access token expired or lacks permission. Replace the token in Numbers; sending continues afterwards.',
  CLOUD_REFUSED: 'The official API refused the send and the number was paused. The message stays in the queue.',
  MESSAGING_LIMIT: 'The official API\'s daily limit of new people was reached. The message stays in the queue.',
  UNKNOWN: 'Unknown error while sending. The message will not be resent automatically, to avoid a duplicate.',
};

/** Codes that read differently once the message may have left (stored as `uncertain`). */
const EN_UNCERTAIN: Record<string, string> = {
  INTERNAL: 'Unexpected error while sending; the message may have left. It will not be resent automatically.',
};

export const DELIVERY_REASON_CODES_EN: readonly string[] = Object.keys(EN);

/**
 * The reason of a delivery in `language`: the stored pt-BR text in pt-BR; otherwise the
 * English text of its code (a WhatsApp error number reads "WhatsApp refused the message (code
 * 463)"), or the stored text when the code is unknown. Empty when there is no reason.
 */
export function deliveryReason(language: string, row: { state: DeliveryStateName; errorCode: string | null; errorReason: string | null }): string {
  if (language === 'pt-BR' || !row.errorCode) return row.errorReason ?? '';
  const code = row.errorCode;
  if (/^\d+$/.test(code)) return `WhatsApp refused the message (code ${code}).`;
  return (row.state === 'uncertain' ? EN_UNCERTAIN[code] : undefined) ?? EN[code] ?? row.errorReason ?? '';
}

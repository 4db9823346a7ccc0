/**
 * What happens to a message a contact sends us, in order:
 *   1. the channel drops what is not a one-to-one message (groups, broadcast lists, status,
 *      channels; see channels/whatsapp/incoming.ts isIndividualChat);
 *   2. the engine's InboundProcessor stores it, attributes it to a campaign delivery and handles
 *      an opt-out keyword first (the contact leaves every campaign; the confirmation goes once);
 *   3. here: {@link acceptsForConversation} decides whether it belongs in a conversation, it is
 *      filed in the contact's thread (unread, reopened), and
 *   4. the reply assistant sees it (never for an opt-out, see assistant/guards.ts).
 * A message from a group must never count as a reply, opt a contact out or reach the assistant:
 * if group messages ever reach the engine (e.g. for group campaigns), they are turned away in
 * step 2 and again in {@link acceptsForConversation}.
 */
import type { InboundEvent } from '../channels/types';

/** Addresses of one-to-one chats; anything else (groups `@g.us`, broadcasts, newsletters) is not a conversation. */
export function acceptsForConversation(ev: Pick<InboundEvent, 'jid'>): boolean {
  const jid = ev.jid ?? '';
  return jid.endsWith('@s.whatsapp.net') || jid.endsWith('@lid') || jid.endsWith('@c.us');
}

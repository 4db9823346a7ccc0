import type { ConversationRow } from '../../../../shared/api/methods/conversations';
import { formatPhone } from '../../../../shared/phone';
import type { Translate } from '../../i18n';

/** How a conversation's contact is named: their name, else their phone, else "Novo contato"-style fallbacks. */
export function whoOf(c: Pick<ConversationRow, 'name' | 'phone'>, t: Translate): string {
  return c.name ?? (c.phone ? formatPhone(c.phone) : t('conv.unknownSender'));
}

/** A key for one reply in `conversations.send`: a retry of the same message reuses it. */
export function newClientKey(): string {
  return crypto.randomUUID().replace(/-/g, '');
}

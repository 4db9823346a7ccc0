import type { ThreadItem } from '../../../../shared/api/methods/conversations';

/**
 * What the person is told after Enviar. The core answers with the stored reply, also when the
 * channel refused it: "failed" means nothing left the computer (safe to send again), "uncertain"
 * that it may have left (check the phone first, never resend by reflex).
 */
export type ReplyOutcome = 'sent' | 'notSent' | 'uncertain';

export function replyOutcome(item: ThreadItem): ReplyOutcome {
  if (item.kind !== 'reply') return 'sent';
  if (item.state === 'failed') return 'notSent';
  if (item.state === 'uncertain') return 'uncertain';
  return 'sent';
}

import { describe, expect, it } from 'vitest';
import type { ThreadItem } from '../../../../shared/api/methods/conversations';
import { replyOutcome } from './reply-outcome';

const reply = (state: Extract<ThreadItem, { kind: 'reply' }>['state']): ThreadItem => ({
  kind: 'reply',
  key: 'r1',
  id: 1,
  at: 0,
  text: 'Oi',
  origin: 'manual',
  aiDraft: false,
  attachment: null,
  template: null,
  state,
  error: state === 'failed' ? 'A mensagem não saiu.' : null,
  sentAt: null,
  deliveredAt: null,
  readAt: null,
  numberLabel: null,
});

describe('what Enviar tells the person', () => {
  it('a reply the channel took (or is still taking) is sent', () => {
    for (const s of ['sending', 'sent', 'delivered', 'read'] as const) expect(replyOutcome(reply(s))).toBe('sent');
  });

  it('failed means nothing left, so the box keeps the text for another try', () => {
    expect(replyOutcome(reply('failed'))).toBe('notSent');
  });

  it('uncertain is told apart: it may have left, so no resend by reflex', () => {
    expect(replyOutcome(reply('uncertain'))).toBe('uncertain');
  });
});

import { describe, expect, it } from 'vitest';
import { groupReach } from './group-reach';

const row = { jid: '1-1@g.us', subject: 'Promoções', participants: 41, state: 'delivered', sentAt: 1, reason: null, deliveredTo: 12, readBy: null, quotes: 0, mentions: 0 };

describe('per-group reach', () => {
  it('counts participants that confirmed, out of the others in the group', () => {
    expect(groupReach(row, 'delivered')).toEqual({ kind: 'count', n: 12, of: 40 });
  });

  it('says "not reported" rather than 0 when WhatsApp confirmed nobody', () => {
    expect(groupReach(row, 'read')).toEqual({ kind: 'notReported' });
    expect(groupReach({ ...row, state: 'sent', deliveredTo: null }, 'delivered')).toEqual({ kind: 'notReported' });
  });

  it('has nothing to count for a post that did not go out', () => {
    expect(groupReach({ ...row, state: 'skipped', sentAt: null, deliveredTo: null }, 'delivered')).toEqual({ kind: 'notSent' });
    expect(groupReach({ ...row, state: 'queued', sentAt: null, deliveredTo: null }, 'read')).toEqual({ kind: 'notSent' });
  });

  it('leaves the total out when the group size is unknown, and never below what was counted', () => {
    expect(groupReach({ ...row, participants: null }, 'delivered')).toEqual({ kind: 'count', n: 12, of: null });
    // The size was read before people joined.
    expect(groupReach({ ...row, participants: 5 }, 'delivered')).toEqual({ kind: 'count', n: 12, of: 12 });
  });
});

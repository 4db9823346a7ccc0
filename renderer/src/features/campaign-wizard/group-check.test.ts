import { describe, expect, it } from 'vitest';
import { defaultCampaignDraft, type CampaignDraft } from '../../../../shared/campaigns/schema';
import type { GroupView } from '../../../../shared/api/methods/groups';
import { chosenGroups, groupAudienceProblems } from './group-check';
import { reviewProblems } from './review-check';

const promos: GroupView = { jid: '1-1@g.us', subject: 'Promoções', size: 40, isAdmin: true, announce: false, canPost: true };
const avisos: GroupView = { jid: '2-2@g.us', subject: 'Avisos do bairro', size: 80, isAdmin: false, announce: true, canPost: false };
const vip: GroupView = { jid: '3-3@g.us', subject: 'VIP', size: 12, isAdmin: true, announce: true, canPost: true };
const groups = [avisos, promos, vip];

function toGroups(jids: string[], numberIds = [7]): CampaignDraft {
  const d = defaultCampaignDraft();
  return {
    ...d,
    name: 'Oferta',
    audience: { listIds: [], frequencyCapDays: 0, groups: { numberId: 7, jids } },
    messages: { ...d.messages, variations: [{ id: 'v1', text: 'Café 20% off', attachment: null }] },
    numberIds,
  };
}
const keys = (d: CampaignDraft, g: GroupView[] | null = groups) => reviewProblems(d, { numberIds: [7, 8], knownVariables: [], groups: g }).map((p) => p.key);

describe('campaign to groups: what the audience step and the review say', () => {
  it('has nothing to say when the chosen groups take posts from the number', () => {
    expect(keys(toGroups([promos.jid, vip.jid]))).toEqual([]);
  });

  it('asks for a group, at the audience step, instead of lists', () => {
    expect(reviewProblems(toGroups([]), { numberIds: [7], knownVariables: [], groups })).toEqual([{ key: 'wizard.review.missing.groups', step: 'audience' }]);
  });

  it('names each group where only admins post and the user is not admin', () => {
    expect(groupAudienceProblems({ numberId: 7, jids: [promos.jid, avisos.jid] }, groups, [7], [7])).toEqual([
      { key: 'wizard.review.missing.groupAdminsOnly', vars: { name: 'Avisos do bairro' }, step: 'audience' },
    ]);
  });

  it('counts groups the number left, and says nothing about them while the list loads', () => {
    const g = { numberId: 7, jids: [promos.jid, '9-9@g.us'] };
    expect(groupAudienceProblems(g, groups, [7], [7])).toEqual([{ key: 'wizard.review.missing.groupGone', vars: { n: 1 }, step: 'audience' }]);
    expect(groupAudienceProblems(g, null, [7], [7])).toEqual([]);
    expect(chosenGroups(g, groups)).toEqual({ present: [promos], gone: ['9-9@g.us'], blocked: [] });
  });

  it('sends through the groups\' number only, and that number must still exist', () => {
    expect(keys(toGroups([promos.jid], [7, 8]))).toEqual(['wizard.review.missing.groupNumber']);
    expect(keys(toGroups([promos.jid], []))).toEqual(['wizard.review.missing.groupNumber']);
    expect(reviewProblems(toGroups([promos.jid]), { numberIds: [8], knownVariables: [], groups: null }).map((p) => p.key)).toEqual(['wizard.review.missing.groupNumber']);
  });

  it('reserves no room for an opt-out footer in groups', () => {
    const d = toGroups([promos.jid]);
    d.messages.variations = [{ id: 'v1', text: 'x'.repeat(4090), attachment: null }];
    expect(keys(d)).toEqual([]);
    // The same text to contacts goes over WhatsApp's limit with the footer.
    const contacts = { ...d, audience: { listIds: [1], frequencyCapDays: 0 }, numberIds: [7] };
    expect(keys(contacts)).toEqual(['wizard.review.missing.templateErrors.one']);
  });
});

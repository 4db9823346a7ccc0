import { describe, expect, it } from 'vitest';
import { defaultCampaignDraft, type CampaignDraft } from '../../../../shared/campaigns/schema';
import { reviewProblems, type ReviewContext } from './review-check';

function ready(): CampaignDraft {
  const d = defaultCampaignDraft();
  return {
    ...d,
    name: 'Promoção',
    audience: { listIds: [1], frequencyCapDays: 0 },
    messages: { ...d.messages, variations: [{ id: 'v1', text: 'Oi {primeiro_nome}!', attachment: null }] },
    numberIds: [7],
  };
}
const ctx: ReviewContext = { numberIds: [7, 8], knownVariables: [] };
const keys = (d: CampaignDraft, c = ctx) => reviewProblems(d, c).map((p) => p.key);

describe('review step check', () => {
  it('has nothing to say about a complete draft', () => {
    expect(reviewProblems(ready(), ctx)).toEqual([]);
  });

  it('asks for a sending number, at the numbers step', () => {
    expect(reviewProblems({ ...ready(), numberIds: [] }, ctx)).toEqual([{ key: 'wizard.review.missing.numbers', step: 'schedule' }]);
    // A number removed meanwhile does not count.
    expect(keys({ ...ready(), numberIds: [9] })).toEqual(['wizard.review.missing.numbers']);
    expect(keys({ ...ready(), numberIds: [7, 9] })).toEqual(['wizard.review.missing.numberGone']);
  });

  it('asks for both halves of a batch pause, at the numbers step; both 0 or both set is fine', () => {
    const pacing = ready().pacing;
    expect(reviewProblems({ ...ready(), pacing: { ...pacing, batchEvery: 20, batchPauseMinutes: 0 } }, ctx)).toEqual([{ key: 'wizard.review.missing.batch', step: 'schedule' }]);
    expect(keys({ ...ready(), pacing: { ...pacing, batchEvery: 0, batchPauseMinutes: 10 } })).toEqual(['wizard.review.missing.batch']);
    expect(keys({ ...ready(), pacing: { ...pacing, batchEvery: 20, batchPauseMinutes: 10 } })).toEqual([]);
    expect(keys({ ...ready(), pacing: { ...pacing, batchEvery: 0, batchPauseMinutes: 0 } })).toEqual([]);
  });

  it('lists blank variations by number', () => {
    const d = ready();
    d.messages.variations = [
      { id: 'v1', text: 'Oi!', attachment: null },
      { id: 'v2', text: '   ', attachment: null },
      { id: 'v3', text: '', attachment: null },
    ];
    expect(reviewProblems(d, ctx)).toEqual([
      { key: 'wizard.review.missing.blankVariation', vars: { n: 2 }, step: 'messages' },
      { key: 'wizard.review.missing.blankVariation', vars: { n: 3 }, step: 'messages' },
    ]);
  });

  it('asks for a message when there is none, and lists every other gap in wizard order', () => {
    const d = { ...ready(), name: ' ', audience: { listIds: [], frequencyCapDays: 0 }, numberIds: [] };
    d.messages = { ...d.messages, variations: [{ id: 'v1', text: '', attachment: null }] };
    d.schedule = { ...d.schedule, days: [] };
    d.pacing = { ...d.pacing, minDelaySec: 60, maxDelaySec: 30 };
    expect(keys(d)).toEqual([
      'wizard.review.missing.name',
      'wizard.review.missing.lists',
      'wizard.review.missing.message',
      'wizard.review.missing.days',
      'wizard.review.missing.pacing',
      'wizard.review.missing.numbers',
    ]);
  });

  it('counts template errors once the lists’ columns are known', () => {
    const d = ready();
    d.messages.variations = [{ id: 'v1', text: 'Oi {cidde}!', attachment: null }];
    expect(keys(d, { numberIds: [7], knownVariables: null })).toEqual([]);
    expect(reviewProblems(d, { numberIds: [7], knownVariables: ['cidade'] })).toEqual([{ key: 'wizard.review.missing.templateErrors.one', vars: { n: 1 }, step: 'messages' }]);
  });

  it('on the official API asks for the template and every variable instead of the message', () => {
    const template = { id: 't1', name: 'oi', language: 'pt_BR', category: 'MARKETING', components: [{ type: 'BODY', text: 'Oi {{1}}, {{2}}' }] };
    const cloud: CampaignDraft = { ...ready(), channel: 'cloud', messages: { ...ready().messages, variations: [{ id: 'v1', text: '', attachment: null }] } };
    expect(reviewProblems(cloud, ctx)).toEqual([{ key: 'wizard.review.missing.cloudTemplate', step: 'messages' }]);
    const half = { numberId: 7, template, mapping: { 'body.1': { kind: 'field' as const, field: 'primeiro_nome' } }, headerMedia: null };
    expect(keys({ ...cloud, cloudTemplate: half })).toEqual(['wizard.review.missing.cloudTemplate']);
    expect(keys({ ...cloud, cloudTemplate: { ...half, mapping: { ...half.mapping, 'body.2': { kind: 'text' as const, value: '' } } } })).toEqual(['wizard.review.missing.cloudTemplate']);
    expect(keys({ ...cloud, cloudTemplate: { ...half, mapping: { ...half.mapping, 'body.2': { kind: 'text' as const, value: 'até sexta' } } } })).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import type { CampaignRunState } from '../../../shared/api/methods/campaign-run';
import type { CampaignResults } from '../../../shared/api/methods/results';
import { apiKey } from './keys';
import { cacheUpdatesFor, invalidationsFor } from './event-table';
import { mergeProgress, replaceInOverview } from './progress';

const counters = { total: 10, queued: 4, sending: 1, sent: 3, delivered: 1, read: 0, replied: 0, failed: 1, invalid: 0, skipped: 0, cancelled: 0, uncertain: 0 };
const state = (id: number, over: Partial<CampaignRunState> = {}) => ({ id, name: `C${id}`, status: 'running', counters, ...over }) as unknown as CampaignRunState;

describe('eventInvalidations', () => {
  it('a campaign change reads again that campaign and the lists, not the other campaigns', () => {
    const keys = invalidationsFor('campaigns.changed', { id: 3 });
    expect(keys).toContainEqual(['campaigns.runState', { id: 3 }]);
    expect(keys).toContainEqual(['campaigns.get', { id: 3 }]);
    expect(keys).toContainEqual(['campaigns.overview']);
    expect(keys).toContainEqual(['results.campaign', { id: 3 }]);
    expect(keys.every((k) => k.length === 1 || !('id' in (k[1] as object)) || (k[1] as { id: number }).id === 3)).toBe(true);
  });

  it('progress writes the state itself: runState and results are not read again', () => {
    const keys = invalidationsFor('campaigns.progress', state(3));
    expect(keys.map((k) => k[0])).not.toContain('campaigns.runState');
    expect(keys.map((k) => k[0])).not.toContain('results.campaign');
    expect(keys).toContainEqual(['campaigns.deliveries', { id: 3 }]);
    expect(keys).toContainEqual(['results.timeline', { campaignId: 3 }]);
  });

  it('results of several campaigns (id null) read every campaign again; delivery changes leave the replies inbox alone', () => {
    expect(invalidationsFor('results.changed', { campaignId: null, reason: 'replies', changedAt: 1 })).toEqual(
      expect.arrayContaining([['results.campaign'], ['results.timeline'], ['replies.list']]),
    );
    const deliveries = invalidationsFor('results.changed', { campaignId: 2, reason: 'deliveries', changedAt: 1 });
    expect(deliveries).toContainEqual(['results.campaign', { id: 2 }]);
    expect(deliveries.map((k) => k[0])).not.toContain('replies.list');
    // Status webhooks carry Meta's billing: this month's official-API spending is read again.
    expect(deliveries).toContainEqual(['cloud.spending']);
  });

  it('one thread or all threads', () => {
    expect(invalidationsFor('conversations.changed', { id: 7, reason: 'inbound' })).toContainEqual(['conversations.get', { id: 7 }]);
    expect(invalidationsFor('conversations.changed', { id: null, reason: 'state' })).toContainEqual(['conversations.get']);
  });

  it('a number change reads that Cloud number\'s details again, not the others', () => {
    const keys = invalidationsFor('numbers.changed', { id: 4 });
    expect(keys).toContainEqual(['numbers.list']);
    expect(keys).toContainEqual(['cloud.details', { id: 4 }]);
    expect(keys).not.toContainEqual(['cloud.details']);
  });

  it('template status changes read that number\'s templates again', () => {
    expect(invalidationsFor('cloud.templatesChanged', { numberId: 4 })).toEqual([['cloud.templates', { id: 4 }]]);
  });

  it('a number\'s groups changed: that number\'s list only', () => {
    expect(invalidationsFor('groups.changed', { numberId: 2 })).toEqual([['groups.list', { numberId: 2 }]]);
  });

  it('a mirror rule change reads the rules and that rule\'s log; several rules (null) read every log', () => {
    expect(invalidationsFor('mirroring.changed', { ruleId: 5 })).toEqual([['mirroring.list'], ['mirroring.log', { id: 5 }]]);
    expect(invalidationsFor('mirroring.changed', { ruleId: null })).toEqual([['mirroring.list'], ['mirroring.log']]);
  });

  it('webhooks: the list (its last-delivery line follows deliveries)', () => {
    expect(invalidationsFor('webhooks.changed', { id: 1 })).toEqual([['webhooks.list']]);
  });

  it('Configurações → Dados: a backup or a storage change reads the status again', () => {
    expect(invalidationsFor('data.backupCreated', { name: 'b.zip' } as never)).toEqual([['data.status']]);
    expect(invalidationsFor('storage.changed', { level: 'ok' } as never)).toEqual([['data.status']]);
  });

  it('contacts, opt-outs and threads: what each change reads again', () => {
    const contacts = invalidationsFor('contacts.changed', { reason: 'tags' });
    for (const m of ['contacts.list', 'lists.list', 'tags.list', 'optOuts.list', 'conversations.list', 'conversations.get']) expect(contacts).toContainEqual([m]);
    const optOuts = invalidationsFor('optOuts.changed', { contactId: 4 });
    for (const m of ['optOuts.list', 'conversations.list', 'conversations.get', 'replies.list']) expect(optOuts).toContainEqual([m]);
  });

  it('an event the table does not name asks for nothing', () => {
    expect(invalidationsFor('ai.delta', { jobId: 'x', text: '', partial: [] } as never)).toEqual([]);
    expect(cacheUpdatesFor('campaigns.changed', { id: 1 })).toEqual([]);
  });

  it('keys are typed from the contract', () => {
    // @ts-expect-error a misspelled method does not compile
    apiKey('campaigns.overveiw');
    expect(apiKey('campaigns.overview')).toEqual(['campaigns.overview']);
  });
});

describe('progress application', () => {
  it('replaces one campaign in the overview and keeps the others', () => {
    const list = [state(1), state(2)];
    const next = replaceInOverview(list, state(2, { status: 'paused' } as Partial<CampaignRunState>));
    expect(next[0]).toBe(list[0]);
    expect(next[1]!.status).toBe('paused');
    expect(replaceInOverview(list, state(9))).toBe(list);
  });

  it('merges counters into a results snapshot and keeps what progress does not carry', () => {
    const r = { id: 3, status: 'running', counters, closedDeals: 2, eta: { at: 5, remaining: 99 }, name: 'kept' } as unknown as CampaignResults;
    const p = state(3, { counters: { ...counters, queued: 1, sending: 0, sent: 7 } } as Partial<CampaignRunState>);
    const m = mergeProgress(r, p);
    expect(m.counters.sent).toBe(7);
    expect(m.eta?.remaining).toBe(1);
    expect((m as unknown as { name: string }).name).toBe('kept');
    expect(m.closedDeals).toBe(2);
  });

  it('new desktop preferences are written into the cache, not read again', () => {
    const prefs = { startAtLogin: true } as never;
    const [u, ...rest] = cacheUpdatesFor('desktop.prefsChanged', prefs);
    expect(rest).toEqual([]);
    expect(u!.key).toEqual(['desktop.prefs']);
    expect(u!.update({ startAtLogin: false } as never)).toBe(prefs);
    expect(invalidationsFor('desktop.prefsChanged', prefs)).toEqual([]);
  });

  it('cache updates of a progress event: runState replaced, overview and results merged', () => {
    const p = state(3, { status: 'finished' } as Partial<CampaignRunState>);
    const ups = cacheUpdatesFor('campaigns.progress', p);
    const byMethod = new Map(ups.map((u) => [u.key[0], u]));
    expect(byMethod.get('campaigns.runState')!.key).toEqual(['campaigns.runState', { id: 3 }]);
    expect(byMethod.get('campaigns.runState')!.update(state(3) as never)).toBe(p);
    expect((byMethod.get('campaigns.overview')!.update([state(3)] as never) as unknown as CampaignRunState[])[0]).toBe(p);
  });
});

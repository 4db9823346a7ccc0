import type { EventName, EventPayload, MethodName, MethodOutput } from '../../../shared/api/contract';
import { apiKey, type ApiQueryKey } from './keys';
import { mergeProgress, replaceInOverview } from './progress';

/**
 * The one table from pushed events to cached answers. Screens read through the query cache and
 * subscribe to nothing; the core's events come here and say what went stale. Pure data, so the
 * table is unit-tested (event-table.test.ts) and live-cache.ts only executes it.
 */
export type EventInvalidations = { [E in EventName]?: (payload: EventPayload<E>) => ApiQueryKey[] };

/** `results.*` for one campaign, or for all when the core says several changed (id null). */
const campaignResults = (campaignId: number | null): ApiQueryKey[] =>
  campaignId === null
    ? [apiKey('results.campaign'), apiKey('results.timeline'), apiKey('groups.campaignResults')]
    : [apiKey('results.campaign', { id: campaignId }), apiKey('results.timeline', { campaignId }), apiKey('groups.campaignResults', { campaignId })];

export const eventInvalidations: EventInvalidations = {
  // A campaign was created, edited, started, paused, finished… (draft or run state).
  'campaigns.changed': ({ id }) => [
    apiKey('campaigns.overview'),
    apiKey('campaigns.list'),
    apiKey('campaigns.get', { id }),
    apiKey('campaigns.runState', { id }),
    apiKey('campaigns.deliveries', { id }),
    apiKey('results.campaign', { id }),
    apiKey('results.dashboard'),
  ],
  // The state itself is written into the cache (eventCacheUpdates); what is derived from it is read again.
  'campaigns.progress': ({ id }) => [
    apiKey('campaigns.deliveries', { id }),
    apiKey('results.timeline', { campaignId: id }),
    apiKey('groups.campaignResults', { campaignId: id }),
    apiKey('results.dashboard'),
  ],
  'results.changed': ({ campaignId, reason }) => [
    ...campaignResults(campaignId),
    apiKey('results.dashboard'),
    // The replies inbox lists replies and deals, not deliveries.
    ...(reason === 'deliveries' ? [] : [apiKey('replies.list')]),
    // A delivery's status webhook carries what Meta billed for it (official-API numbers).
    ...(reason === 'deliveries' ? [apiKey('cloud.spending')] : []),
  ],
  'groups.resultsChanged': ({ campaignId }) => [apiKey('groups.campaignResults', { campaignId })],
  'groups.changed': ({ numberId }) => [apiKey('groups.list', { numberId })],
  // A Cloud number's card shows its details (status, quality, relay) beside the list.
  'numbers.changed': ({ id }) => [apiKey('numbers.list'), apiKey('results.dashboard'), apiKey('cloud.details', { id })],
  'cloud.templatesChanged': ({ numberId }) => [apiKey('cloud.templates', { id: numberId })],
  'settings.changed': () => [apiKey('results.dashboard')],
  'conversations.changed': ({ id }) => [
    apiKey('conversations.list'),
    apiKey('conversations.counts'),
    id === null ? apiKey('conversations.get') : apiKey('conversations.get', { id }),
  ],
  'contacts.changed': () => [
    apiKey('contacts.list'),
    apiKey('lists.list'),
    apiKey('tags.list'),
    apiKey('optOuts.list'),
    apiKey('conversations.list'),
    apiKey('conversations.get'),
  ],
  'optOuts.changed': () => [apiKey('optOuts.list'), apiKey('conversations.list'), apiKey('conversations.get'), apiKey('replies.list')],
  // Configurações → Dados: the last backup and the disk space.
  'data.backupCreated': () => [apiKey('data.status')],
  'storage.changed': () => [apiKey('data.status')],
  'webhooks.changed': () => [apiKey('webhooks.list')],
  // The list always; one rule's log, or every log when several rules changed (ruleId null).
  'mirroring.changed': ({ ruleId }) => [apiKey('mirroring.list'), ruleId === null ? apiKey('mirroring.log') : apiKey('mirroring.log', { id: ruleId })],
};

/**
 * At most one refetch of a method per window (ms) while events keep coming: the first event reads
 * at once, the rest of the burst once at the window's end (live-cache.ts). Events come in bursts
 * (progress ~5 per second per campaign); lists and charts need not follow every one. Methods not
 * named here are read again at once (never two reads of a query at a time).
 */
export const refetchWindows: Partial<Record<MethodName, number>> = {
  'campaigns.deliveries': 1000,
  'results.timeline': 400,
  'results.dashboard': 500,
  'groups.campaignResults': 400,
  'numbers.list': 250,
  'cloud.details': 300,
  'contacts.list': 250,
  'lists.list': 250,
  'tags.list': 250,
  'optOuts.list': 250,
  'conversations.list': 150,
  'conversations.get': 150,
  'conversations.counts': 200,
  'replies.list': 250,
};

/** A write into cached answers: every cached query under `key` gets `update(old)`. */
export interface CacheUpdate<M extends MethodName = MethodName> {
  key: ApiQueryKey<M>;
  update(old: MethodOutput<M>): MethodOutput<M>;
}

function cacheUpdate<M extends MethodName>(key: ApiQueryKey<M>, update: (old: MethodOutput<M>) => MethodOutput<M>): CacheUpdate {
  return { key, update } as unknown as CacheUpdate;
}

export type EventCacheUpdates = { [E in EventName]?: (payload: EventPayload<E>) => CacheUpdate[] };

/**
 * Events that carry the new state itself: it is written into the cache at once instead of
 * being read again. Only answers already cached are touched.
 */
export const eventCacheUpdates: EventCacheUpdates = {
  'campaigns.progress': (p) => [
    cacheUpdate(apiKey('campaigns.runState', { id: p.id }), () => p),
    cacheUpdate(apiKey('campaigns.overview'), (list) => replaceInOverview(list, p)),
    cacheUpdate(apiKey('results.campaign', { id: p.id }), (r) => mergeProgress(r, p)),
  ],
  'desktop.prefsChanged': (prefs) => [cacheUpdate(apiKey('desktop.prefs'), () => prefs)],
};

/** The invalidations an event asks for (none for an event the table does not name). */
export function invalidationsFor<E extends EventName>(name: E, payload: EventPayload<E>): ApiQueryKey[] {
  const rule = eventInvalidations[name] as ((p: EventPayload<E>) => ApiQueryKey[]) | undefined;
  return rule ? rule(payload) : [];
}

/** The cache writes an event asks for. */
export function cacheUpdatesFor<E extends EventName>(name: E, payload: EventPayload<E>): CacheUpdate[] {
  const rule = eventCacheUpdates[name] as ((p: EventPayload<E>) => CacheUpdate[]) | undefined;
  return rule ? rule(payload) : [];
}

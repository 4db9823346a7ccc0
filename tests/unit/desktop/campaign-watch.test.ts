import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../shared/api/wire';
import { CampaignWatch } from '../../../electron/main/desktop/campaign-watch';
import { createCoreClient } from '../../../electron/main/desktop/core-client';
import { runState } from './fixtures';
import type { CampaignRunState } from '../../../shared/api/methods/campaign-run';

/** The core as the relay answers: replies on the wire, events dispatched to the client. */
function core(overview: CampaignRunState[]) {
  const calls: Array<[string, unknown]> = [];
  const call = async (method: string, input: unknown): Promise<Reply> => {
    calls.push([method, input]);
    if (method === 'campaigns.overview') return { ok: true, result: overview };
    if (method === 'campaigns.pause') {
      const id = (input as { id: number }).id;
      if (id === 99) return { ok: false, error: { code: 'campaigns.not_running', message: 'Só é possível pausar campanhas em andamento ou agendadas.' } };
      return { ok: true, result: runState({ id, status: 'paused' }) };
    }
    return { ok: false, error: { code: 'api.unknown_method', message: 'x' } };
  };
  return { client: createCoreClient(call), calls };
}

describe('campaign watch (main process)', () => {
  it('reads the run states and follows progress events', async () => {
    const { client } = core([runState({ id: 2, status: 'paused' }), runState({ id: 1, counters: { total: 10, sent: 1 } })]);
    const seen: number[] = [];
    const watch = new CampaignWatch({ api: client.api, onChange: (l) => seen.push(l.length), debounceMs: 0 });
    await watch.refresh();
    expect(watch.list.map((c) => [c.id, c.status])).toEqual([[2, 'paused'], [1, 'running']]);
    client.dispatch('campaigns.progress', runState({ id: 1, status: 'finished', counters: { total: 10, sent: 4, delivered: 3, read: 3 } }));
    expect(watch.list.find((c) => c.id === 1)).toMatchObject({ status: 'finished', sent: 10 });
    client.dispatch('numbers.changed', { id: 1 });
    expect(seen).toEqual([2, 2]);
    watch.dispose();
  });

  it('re-reads (once) after campaigns.changed, and stops listening when disposed', async () => {
    const { client, calls } = core([runState({ id: 1, name: 'Resumo' })]);
    let changes = 0;
    const watch = new CampaignWatch({ api: client.api, onChange: () => changes++, debounceMs: 0 });
    client.dispatch('campaigns.changed', { id: 1 });
    client.dispatch('campaigns.changed', { id: 1 }); // coalesced
    await new Promise((r) => setTimeout(r, 10));
    expect(calls.map((c) => c[0])).toEqual(['campaigns.overview']);
    expect(watch.list).toMatchObject([{ id: 1, name: 'Resumo', status: 'running' }]);
    expect(changes).toBe(1);
    watch.dispose();
    client.dispatch('campaigns.progress', runState({ id: 3 }));
    expect(watch.list.map((c) => c.id)).toEqual([1]);
  });

  it('"Pausar todas" pauses what is running or scheduled, nothing else, and counts only real pauses', async () => {
    const { client, calls } = core([
      runState({ id: 1 }),
      runState({ id: 2, status: 'scheduled' }),
      runState({ id: 3, status: 'paused' }),
      runState({ id: 4, status: 'finished' }),
      runState({ id: 99 }),
    ]);
    const watch = new CampaignWatch({ api: client.api, onChange: () => {}, debounceMs: 0 });
    await watch.refresh();
    expect(await watch.pauseAll()).toBe(2);
    expect(calls.filter((c) => c[0] === 'campaigns.pause').map((c) => c[1])).toEqual([{ id: 99 }, { id: 2 }, { id: 1 }]);
    expect(watch.list.filter((c) => c.id !== 99).every((c) => c.status !== 'running' && c.status !== 'scheduled')).toBe(true);
  });
});

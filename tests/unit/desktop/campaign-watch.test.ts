import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../shared/api/wire';
import { CampaignWatch } from '../../../electron/main/desktop/campaign-watch';

function fakeCore(overview: unknown[] | 'unknown') {
  const calls: Array<[string, unknown]> = [];
  const call = async (method: string, input: unknown): Promise<Reply> => {
    calls.push([method, input]);
    if (method === 'campaigns.overview') {
      return overview === 'unknown' ? { ok: false, error: { code: 'api.unknown_method', message: 'x' } } : { ok: true, result: overview };
    }
    if (method === 'campaigns.list') return { ok: true, result: [{ id: 1, name: 'Resumo', status: 'running', pauseReason: null }] };
    if (method === 'campaigns.pause') return { ok: true, result: { id: (input as { id: number }).id, name: 'p', status: 'paused', pauseReason: null } };
    return { ok: false, error: { code: 'api.unknown_method', message: 'x' } };
  };
  return { call, calls };
}

describe('campaign watch (main process)', () => {
  it('reads the run state and follows progress events', async () => {
    const core = fakeCore([{ id: 2, name: 'B', status: 'paused' }, { id: 1, name: 'A', status: 'running', counters: { total: 10, sent: 1, delivered: 0, read: 0 } }]);
    const seen: number[] = [];
    const watch = new CampaignWatch({ call: core.call, onChange: (l) => seen.push(l.length), debounceMs: 0 });
    await watch.refresh();
    expect(watch.list.map((c) => [c.id, c.status])).toEqual([[2, 'paused'], [1, 'running']]);
    watch.handleEvent('campaigns.progress', { id: 1, name: 'A', status: 'finished', counters: { total: 10, sent: 10, delivered: 0, read: 0 } });
    expect(watch.list.find((c) => c.id === 1)).toMatchObject({ status: 'finished', sent: 10 });
    watch.handleEvent('campaigns.progress', { nonsense: true });
    expect(seen).toEqual([2, 2]);
  });

  it('falls back to campaigns.list on an older core, and re-reads after campaigns.changed', async () => {
    const core = fakeCore('unknown');
    let changes = 0;
    const watch = new CampaignWatch({ call: core.call, onChange: () => changes++, debounceMs: 0 });
    watch.handleEvent('campaigns.changed', { id: 1 });
    watch.handleEvent('campaigns.changed', { id: 1 }); // coalesced
    await new Promise((r) => setTimeout(r, 10));
    expect(core.calls.map((c) => c[0])).toEqual(['campaigns.overview', 'campaigns.list']);
    expect(watch.list).toMatchObject([{ id: 1, name: 'Resumo', status: 'running' }]);
    expect(changes).toBe(1);
  });

  it('"Pausar todas" pauses what is running or scheduled, nothing else', async () => {
    const core = fakeCore([
      { id: 1, name: 'A', status: 'running' },
      { id: 2, name: 'B', status: 'scheduled' },
      { id: 3, name: 'C', status: 'paused' },
      { id: 4, name: 'D', status: 'finished' },
    ]);
    const watch = new CampaignWatch({ call: core.call, onChange: () => {}, debounceMs: 0 });
    await watch.refresh();
    expect(await watch.pauseAll()).toBe(2);
    expect(core.calls.filter((c) => c[0] === 'campaigns.pause').map((c) => c[1])).toEqual([{ id: 2 }, { id: 1 }]);
    expect(watch.list.every((c) => c.status !== 'running' && c.status !== 'scheduled')).toBe(true);
  });
});

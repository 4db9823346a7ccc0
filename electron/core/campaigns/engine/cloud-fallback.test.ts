/**
 * The plan B's grace on its own, with fake timers: a dropped Web connection switches only after
 * the grace, a number coming back cancels the wait, a restriction switches at once, and the stored
 * route is restored on load. The whole route (Cloud sends, no duplicate) is in channels/cloud/fallback.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../log/logger';
import { systemClock } from '../pacing';
import { CampaignRuntime } from './campaign-runtime';
import { FallbackRoutes } from './cloud-fallback';
import { fastDraft, insertCampaign, memoryDb } from './testing/fixtures';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';

const CLOUD = 42;

function draft(graceMinutes: number): CampaignDraft {
  return {
    ...fastDraft({ listIds: [1], numberIds: [7] }),
    fallback: {
      graceMinutes,
      template: { numberId: CLOUD, template: { id: '1', name: 'aviso', language: 'pt_BR', category: 'UTILITY', components: [{ type: 'BODY', text: 'Oi' }] }, mapping: {}, headerMedia: null },
    },
  };
}

function setUp(graceMinutes: number) {
  const db = memoryDb();
  const d = draft(graceMinutes);
  const id = insertCampaign(db, d);
  const runtime = () => new CampaignRuntime({ id, name: 'x', status: 'running', seed: 's', draft: d }, '/tmp', []);
  const c = runtime();
  let lost = true;
  const tookOver: number[] = [];
  const routes = new FallbackRoutes({ db, clock: systemClock, logger: silentLogger(), stillLost: () => (lost && !c.fallbackActive ? c : null), tookOver: (x) => tookOver.push(x.id) });
  return { db, id, c, routes, tookOver, runtime, back: () => (lost = false) };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('FallbackRoutes', () => {
  it('switches a dropped connection only after the grace, and remembers it', () => {
    const { db, id, c, routes, tookOver, runtime } = setUp(15);
    expect(routes.webLost(c, false, 'O número "Web" desconectou.')).toBe(true);
    expect(routes.waiting(id)).toBe(true);
    vi.advanceTimersByTime(14 * 60_000);
    expect(c.fallbackActive).toBe(false);
    expect(tookOver).toEqual([]);
    vi.advanceTimersByTime(60_000 + 10);
    expect(c.fallbackActive).toBe(true);
    expect(c.numberIds).toEqual([CLOUD]);
    expect(tookOver).toEqual([id]);
    expect(db.prepare('SELECT reason FROM campaign_routes WHERE campaign_id = ?').get(id)).toEqual({ reason: 'O número "Web" desconectou.' });
    // Already on the Cloud number: a later loss there is not the plan B's business.
    expect(routes.webLost(c, true, 'x')).toBe(false);

    const reloaded = runtime();
    expect(routes.restore(reloaded)).toBe(true);
    expect(reloaded.fallbackActive).toBe(true);
    expect(reloaded.templateFor('cloud')?.numberId).toBe(CLOUD);
  });

  it('a Web number back within the grace cancels the switch', () => {
    const { id, c, routes, tookOver, back } = setUp(15);
    routes.webLost(c, false, 'desconectou');
    vi.advanceTimersByTime(5 * 60_000);
    back();
    routes.numberBack(7, [c]);
    expect(routes.waiting(id)).toBe(false);
    vi.advanceTimersByTime(30 * 60_000);
    expect(c.fallbackActive).toBe(false);
    expect(tookOver).toEqual([]);
  });

  it('a restriction or logout switches at once, whatever the grace', () => {
    const { id, c, routes, tookOver } = setUp(60);
    expect(routes.webLost(c, true, 'restrito')).toBe(true);
    expect(c.fallbackActive).toBe(true);
    expect(tookOver).toEqual([id]);
  });

  it('a campaign without a plan B is left to pause', () => {
    const db = memoryDb();
    const d = { ...draft(0), fallback: null };
    const c = new CampaignRuntime({ id: insertCampaign(db, d), name: 'x', status: 'running', seed: 's', draft: d }, '/tmp', []);
    const routes = new FallbackRoutes({ db, clock: systemClock, logger: silentLogger(), stillLost: () => c, tookOver: () => {} });
    expect(routes.webLost(c, true, 'restrito')).toBe(false);
    expect(routes.restore(c)).toBe(false);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { advance } from './testing/advance';
import { createHarness, deliveriesOf, type Harness } from './testing/harness';
import { fastDraft } from './testing/fixtures';
import { progressOf } from '../../../../shared/results';

// What a cancelled campaign looks like afterwards: nothing left "Na fila", what never went out
// reads "Cancelada" (not "Pulada"), and progress counts only what ended by sending or failing.

const MONDAY_NOON = Date.UTC(2025, 0, 6, 15, 0, 0);
const SEC = 1000;
const MIN = 60 * SEC;
const pacing = (p: Partial<ReturnType<typeof fastDraft>['pacing']>) => ({ ...fastDraft({ listIds: [], numberIds: [] }).pacing, ...p });

let h: Harness;
beforeEach(() => {
  vi.useFakeTimers({ now: MONDAY_NOON });
});
afterEach(async () => {
  await h?.close();
  vi.useRealTimers();
});

describe('cancelling a campaign', () => {
  it('cancels the delivery that was being typed: nothing stays queued', async () => {
    h = createHarness({ contacts: 4 });
    const id = h.campaign({ pacing: pacing({ typing: true, minDelaySec: 5, maxDelaySec: 5 }) });
    h.engine.startCampaign(id);
    await advance(100); // the first message is being typed
    expect(deliveriesOf(h.db, id)[0].state).toBe('sending');
    h.engine.cancelCampaign(id);
    await advance(MIN);
    expect(h.ledger()).toHaveLength(0);
    expect(deliveriesOf(h.db, id).map((d) => d.state)).toEqual(['skipped', 'skipped', 'skipped', 'skipped']);
    const state = h.engine.runState(id);
    expect(state.counters).toMatchObject({ total: 4, queued: 0, sending: 0, skipped: 0, cancelled: 4 });
    expect(progressOf(state.counters)).toMatchObject({ done: 0, total: 4 });
  });

  it('cancels a delivery a failed send put back in the queue for a retry', async () => {
    h = createHarness({ contacts: 2, numbers: [{ behavior: { failProb: 1, sendLatencyMs: [500, 500] } }] });
    const id = h.campaign();
    h.engine.startCampaign(id);
    await advance(100); // handed to the channel; it will fail (transient) after 500 ms
    h.engine.cancelCampaign(id);
    await advance(MIN);
    const counters = h.engine.runState(id).counters;
    expect(counters).toMatchObject({ queued: 0, sending: 0, cancelled: 2 });
    expect(deliveriesOf(h.db, id).every((d) => d.error_code === 'CANCELLED')).toBe(true);
  });

  it('shows what never went out as cancelled, apart from other skips, in counters and the deliveries list', async () => {
    h = createHarness({ contacts: 6 });
    const id = h.campaign({ pacing: pacing({ minDelaySec: 60, maxDelaySec: 60 }) });
    h.engine.startCampaign(id);
    // One contact opts out before the campaign reaches them: a skip, not a cancellation.
    h.db.prepare(`UPDATE contacts SET status = 'opted_out' WHERE id = ?`).run(h.contactIds[1]);
    await advance(61 * SEC); // contact 0 sent, contact 1 skipped, contact 2 waits for the gap
    const state = h.engine.cancelCampaign(id);
    expect(state.status).toBe('cancelled');
    expect(state.counters).toMatchObject({ total: 6, sent: 2, skipped: 1, cancelled: 3, queued: 0 });
    expect(progressOf(state.counters)).toEqual({ done: 2, total: 6, fraction: 2 / 6 });

    const all = h.engine.deliveries({ id, offset: 0, limit: 50 });
    expect(all.rows.map((r) => r.state)).toEqual(['sent', 'skipped', 'sent', 'cancelled', 'cancelled', 'cancelled']);
    expect(all.rows[3].errorReason).toBe('Campanha cancelada antes deste envio.');
    expect(h.engine.deliveries({ id, states: ['cancelled'], offset: 0, limit: 50 }).total).toBe(3);
    expect(h.engine.deliveries({ id, states: ['skipped'], offset: 0, limit: 50 }).total).toBe(1);
    expect(h.engine.deliveries({ id, states: ['queued'], offset: 0, limit: 50 }).total).toBe(0);
    expect(h.engine.deliveries({ id, states: ['sent', 'cancelled'], offset: 0, limit: 50 }).total).toBe(5);
  });
});

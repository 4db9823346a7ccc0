/**
 * A WhatsApp Web campaign with a Cloud API plan B, through the whole core: the Web side is a
 * simulated number (restricted or disconnected on demand), the Cloud side the real Cloud channel
 * against the Graph stand-in. The remaining contacts continue on the Cloud number with the
 * fallback template, nobody gets both, the switch survives a restart, and a number that comes
 * back within the grace keeps the campaign on Web.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fastDraft, seedContacts } from '../../campaigns/engine/testing/fixtures';
import type { SimulatorChannel } from '../simulator';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { cloudWorld, until, type CloudWorld } from './testing/harness';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const COUNT = 6;

async function setUp() {
  w = await cloudWorld();
  const cloudId = await w.addCloudNumber();
  await w.directWebhooks(cloudId);
  await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', cloudId)?.status === 'connected', 'cloud connected');
  const sim = await w.call('numbers.addSimulator', { label: 'Web', behavior: { deliveredProb: 1, readProb: 0, replyProb: 0, optOutProb: 0, failProb: 0, invalidProb: 0, sendLatencyMs: [5, 10], receiptDelayMs: [5, 10] } });
  await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', sim.id)?.status === 'connected', 'web connected');
  const { listId } = seedContacts(w.core.context.db, { count: COUNT });
  const { templates } = await w.call('cloud.templates', { id: cloudId });
  const t = templates.find((x) => x.name === 'promo_padaria')!;
  const draft = (graceMinutes: number): CampaignDraft => {
    const d = fastDraft({ listIds: [listId], numberIds: [sim.id] });
    return {
      ...d,
      pacing: { ...d.pacing, minDelaySec: 1, maxDelaySec: 1 },
      fallback: {
        graceMinutes,
        template: {
          numberId: cloudId,
          template: { id: t.id, name: t.name, language: t.language, category: t.category, parameterFormat: t.parameterFormat ?? undefined, components: t.components },
          mapping: { 'header.1': { kind: 'field', field: 'primeiro_nome' }, 'body.1': { kind: 'field', field: 'primeiro_nome' }, 'body.2': { kind: 'text', value: 'Pinheiros' } },
          headerMedia: null,
        },
      },
    };
  };
  const web = () => w!.core.services.engine.engine.directChannel(sim.id) as SimulatorChannel;
  return { cloudId, simId: sim.id, draft, web };
}

/** Who got the campaign by which route: Web (simulated number) and Cloud (Graph stand-in), with no overlap. */
function routes(world: CloudWorld, campaignId: number, simId: number, cloudId: number) {
  const rows = world.all('SELECT d.number_id, d.state, c.phone_key FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = ?', campaignId);
  const left = (r: { state: string }) => !['queued', 'skipped', 'cancelled'].includes(r.state);
  const byWeb = rows.filter((r) => r.number_id === simId && left(r)).map((r) => r.phone_key.replace(/\D/g, ''));
  const byCloud = rows.filter((r) => r.number_id === cloudId && left(r)).map((r) => r.phone_key.replace(/\D/g, ''));
  return { rows, byWeb, byCloud };
}

describe('fallback from WhatsApp Web to a Cloud API number', () => {
  it('a restricted Web number hands the remaining contacts to the Cloud number with the fallback template, nobody gets both, and a restart keeps the route', async () => {
    const { cloudId, simId, draft, web } = await setUp();
    const { id } = await w!.call('campaigns.create', { draft: draft(15) });
    await w!.call('campaigns.start', { id });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND number_id = ? AND state IN ('sent', 'delivered', 'read')", id, simId)?.n >= 2, 'two sent by Web');

    // WhatsApp restricts the Web number: no grace, the Cloud number takes over at once.
    web().simulateSignal('restricted_463');
    await until(() => w!.one('SELECT reason FROM campaign_routes WHERE campaign_id = ?', id), 'route switched');
    await until(() => w!.graph.sent.length >= 1, 'a Cloud send');

    // Restart in the middle: the campaign stays on its Cloud number.
    await w!.reopen();
    await until(() => w!.one('SELECT status FROM campaigns WHERE id = ?', id)?.status === 'finished', 'finished', 20_000);

    const { rows, byWeb, byCloud } = routes(w!, id, simId, cloudId);
    expect(rows).toHaveLength(COUNT);
    expect(byWeb.length).toBeGreaterThanOrEqual(2);
    expect(byCloud.length).toBeGreaterThanOrEqual(1);
    expect(byWeb.filter((p) => byCloud.includes(p))).toEqual([]);
    // Every contact went exactly one way (an in-flight Web send at the restriction may be "uncertain", never resent).
    expect(byWeb.length + byCloud.length).toBe(COUNT);
    const cloudTo = w!.graph.sent.map((s) => s.to).sort();
    expect(cloudTo).toEqual([...byCloud].sort());
    expect(new Set(cloudTo).size).toBe(cloudTo.length);
    expect(w!.graph.sent.every((s) => (s.body.template as { name: string }).name === 'promo_padaria')).toBe(true);
    expect(w!.graph.sent[0].body).toMatchObject({ template: { components: [{ type: 'header' }, { type: 'body', parameters: [{ type: 'text' }, { type: 'text', text: 'Pinheiros' }] }] } });

    expect(w!.all('SELECT fallback FROM cloud_messages WHERE campaign_id = ?', id).every((r) => r.fallback === 1)).toBe(true);
    await w!.graph.webhooksSettled();
    const cost = await w!.call('cloud.campaignCost', { campaignId: id });
    expect(cost).toMatchObject({ sent: byCloud.length, fallback: byCloud.length });
    expect(cost.fallbackAt).toBeGreaterThan(0);
    expect(cost.fallbackReason).toContain('Web');
  });

  it('resuming a campaign its plan B took over leaves the Web number\'s ban warning in place', async () => {
    const { simId, draft, web } = await setUp();
    const { id } = await w!.call('campaigns.create', { draft: draft(15) });
    await w!.call('campaigns.start', { id });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND number_id = ? AND state IN ('sent', 'delivered', 'read')", id, simId)?.n >= 1, 'one sent by Web');
    web().simulateSignal('restricted_463');
    await until(() => w!.one('SELECT reason FROM campaign_routes WHERE campaign_id = ?', id), 'route switched');
    await until(() => w!.one('SELECT flagged_at FROM numbers WHERE id = ?', simId)?.flagged_at !== null, 'web number flagged');

    await w!.call('campaigns.pause', { id });
    await w!.call('campaigns.resume', { id });
    // The campaign goes on by the Cloud number; the warning still keeps other campaigns off the Web one.
    expect(w!.one('SELECT flagged_at FROM numbers WHERE id = ?', simId)?.flagged_at).not.toBeNull();
    await until(() => w!.one('SELECT status FROM campaigns WHERE id = ?', id)?.status === 'finished', 'finished', 20_000);
  });

  it('a Web number that drops and comes back within the grace keeps the campaign on Web', async () => {
    const { cloudId, simId, draft, web } = await setUp();
    const { id } = await w!.call('campaigns.create', { draft: draft(15) });
    await w!.call('campaigns.start', { id });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND number_id = ? AND state IN ('sent', 'delivered', 'read')", id, simId)?.n >= 1, 'one sent by Web');

    const channel = web();
    channel.simulateStatus('disconnected', 'simulated_drop');
    await new Promise((r) => setTimeout(r, 1500));
    // Waiting out the grace: neither paused nor switched.
    expect(w!.one('SELECT status FROM campaigns WHERE id = ?', id)?.status).toBe('running');
    expect(w!.one('SELECT count(*) AS n FROM campaign_routes')?.n).toBe(0);
    expect(w!.graph.sent).toHaveLength(0);

    channel.simulateStatus('connected');
    await until(() => w!.one('SELECT status FROM campaigns WHERE id = ?', id)?.status === 'finished', 'finished on Web', 20_000);
    const { byWeb, byCloud } = routes(w!, id, simId, cloudId);
    expect(byWeb).toHaveLength(COUNT);
    expect(byCloud).toHaveLength(0);
    expect(w!.graph.sent).toHaveLength(0);
    expect(w!.one('SELECT count(*) AS n FROM campaign_routes')?.n).toBe(0);
  });

  it('with no grace, a disconnected Web number switches at once; without a plan B the campaign pauses as before', async () => {
    const { cloudId, simId, draft, web } = await setUp();
    const { id } = await w!.call('campaigns.create', { draft: draft(0) });
    const plain = await w!.call('campaigns.create', { draft: { ...draft(0), name: 'Sem plano B', fallback: null } });
    await w!.call('campaigns.start', { id });
    await w!.call('campaigns.start', { id: plain.id });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE number_id = ? AND state IN ('sent', 'delivered', 'read')", simId)?.n >= 1, 'one sent by Web');

    web().simulateStatus('disconnected', 'simulated_drop');
    await until(() => w!.one('SELECT status, pause_code FROM campaigns WHERE id = ?', plain.id)?.status === 'paused', 'plain campaign paused');
    await until(() => w!.one('SELECT status FROM campaigns WHERE id = ?', id)?.status === 'finished', 'finished through Cloud', 20_000);
    const { byWeb, byCloud } = routes(w!, id, simId, cloudId);
    expect(byWeb.length + byCloud.length).toBe(COUNT);
    expect(byWeb.filter((p) => byCloud.includes(p))).toEqual([]);
    expect(byCloud.length).toBeGreaterThanOrEqual(1);
    expect(w!.graph.sent.map((s) => s.to).sort()).toEqual([...byCloud].sort());
  });
});

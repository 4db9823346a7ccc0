/**
 * Every Graph error policy through the whole core: a template campaign on a Cloud number, the
 * Graph stand-in answering one send with the error in Graph's own body, and what the user then
 * sees (the contact failed without a retry, the contact tried again later, the campaign paused
 * with the reason, the number or every Cloud send paused). graph-errors.ts holds the table.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedContacts, testPhone } from '../../campaigns/engine/testing/fixtures';
import type { ScriptedError } from './testing/graph-server';
import { cloudWorld, until, type CloudWorld } from './testing/harness';
import { promoDraft } from './testing/drafts';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const digits = (i: number) => testPhone(i).replace(/\D/g, '');

/** A 3-contact template campaign whose send to contact 1 gets `error` (once, or each time). */
async function campaignWith(error: ScriptedError, times = 1) {
  w = await cloudWorld();
  const numberId = await w.addCloudNumber();
  await w.directWebhooks(numberId);
  const { listId } = seedContacts(w.core.context.db, { count: 3 });
  const { templates } = await w.call('cloud.templates', { id: numberId });
  for (let i = 0; i < times; i++) w.graph.nextErrors.push({ ...error, to: digits(1) });
  const { id } = await w.call('campaigns.create', { draft: promoDraft(numberId, listId, templates) });
  await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
  await w.call('campaigns.start', { id });
  return { id, numberId };
}

function deliveryTo(world: CloudWorld, campaignId: number, i: number) {
  return world.one('SELECT d.state, d.attempts, d.error_code, d.error_reason FROM deliveries d JOIN contacts c ON c.id = d.contact_id WHERE d.campaign_id = ? AND c.phone_key = ?', campaignId, testPhone(i)) as {
    state: string;
    attempts: number;
    error_code: string | null;
    error_reason: string | null;
  };
}

const campaignRow = (world: CloudWorld, id: number) => world.one('SELECT status, pause_code, pause_reason FROM campaigns WHERE id = ?', id) as { status: string; pause_code: string | null; pause_reason: string | null };

describe('Graph error policies, as the user sees them', () => {
  it.each([
    [131026, 'A mensagem não pôde ser entregue a este contato'],
    [131049, 'limite de mensagens de marketing por pessoa'],
  ])('%i fails that contact only, without a retry; the others are sent and the campaign finishes', async (code, reason) => {
    const { id } = await campaignWith({ code });
    await until(() => campaignRow(w!, id).status === 'finished', 'finished', 20_000);
    const d = deliveryTo(w!, id, 1);
    expect(d).toMatchObject({ state: 'failed', attempts: 1 });
    expect(d.error_reason).toContain(reason);
    expect(w!.graph.sent.map((s) => s.to).sort()).toEqual([digits(0), digits(2)].sort());
  });

  it('131049 reported later by a failed status webhook fails that contact too', async () => {
    w = await cloudWorld();
    const numberId = await w.addCloudNumber();
    await w.directWebhooks(numberId);
    const { listId } = seedContacts(w.core.context.db, { count: 2 });
    const { templates } = await w.call('cloud.templates', { id: numberId });
    w.graph.asyncFailures.set(digits(1), { code: 131049 });
    const { id } = await w.call('campaigns.create', { draft: promoDraft(numberId, listId, templates) });
    await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
    await w.call('campaigns.start', { id });
    await until(() => deliveryTo(w!, id, 1)?.state === 'failed', 'failed by webhook', 20_000);
    expect(deliveryTo(w!, id, 1).error_reason).toContain('limite de mensagens de marketing por pessoa');
    expect(['sent', 'delivered', 'read']).toContain(deliveryTo(w!, id, 0).state);
  });

  it('131056 (pair rate limit) puts that contact back for later; it is sent on a later attempt and nobody gets it twice', async () => {
    const { id } = await campaignWith({ code: 131056 });
    await until(() => deliveryTo(w!, id, 1)?.attempts >= 1 && deliveryTo(w!, id, 1)?.state === 'queued', 'queued again', 20_000);
    expect(deliveryTo(w!, id, 1).error_reason).toContain('limite por par de números');
    expect(campaignRow(w!, id).status).toBe('running');
    // Retries wait ~30 s: bring the retry forward instead of waiting.
    w!.core.context.db.prepare("UPDATE deliveries SET next_attempt_at = 0 WHERE campaign_id = ? AND state = 'queued'").run(id);
    await w!.call('campaigns.pause', { id });
    await w!.call('campaigns.resume', { id });
    await until(() => campaignRow(w!, id).status === 'finished', 'finished', 20_000);
    expect(['sent', 'delivered', 'read']).toContain(deliveryTo(w!, id, 1).state);
    expect(w!.graph.sent.filter((s) => s.to === digits(1))).toHaveLength(1);
  });

  it('130429 (throughput) backs off and sends everyone in the end, without pausing anything', async () => {
    const { id, numberId } = await campaignWith({ code: 130429 });
    await until(() => deliveryTo(w!, id, 1)?.error_code === 'RATE_LIMITED', 'backed off', 20_000);
    w!.core.context.db.prepare("UPDATE deliveries SET next_attempt_at = 0 WHERE campaign_id = ? AND state = 'queued'").run(id);
    await w!.call('campaigns.pause', { id });
    await w!.call('campaigns.resume', { id });
    await until(() => campaignRow(w!, id).status === 'finished', 'finished', 30_000);
    expect(new Set(w!.graph.sent.map((s) => s.to))).toEqual(new Set([digits(0), digits(1), digits(2)]));
    expect(w!.one('SELECT flagged_at FROM numbers WHERE id = ?', numberId)?.flagged_at).toBeNull();
  });

  it.each([
    [131048, 'suspeita de spam'],
    [368, 'violar as políticas do WhatsApp'],
    [131031, 'foi bloqueada pela Meta'],
  ])('%i pauses the number: its campaign stops with the reason, and the message is not sent again', async (code, reason) => {
    const { id, numberId } = await campaignWith({ code });
    await until(() => campaignRow(w!, id).status === 'paused', 'paused', 20_000);
    expect(campaignRow(w!, id).pause_reason).toContain(reason);
    expect(w!.one('SELECT flagged_at FROM numbers WHERE id = ?', numberId)?.flagged_at).not.toBeNull();
    expect(w!.graph.sent.filter((s) => s.to === digits(1))).toHaveLength(0);
  });

  it('132000 (template parameters) stops the campaign and points at the template mapping', async () => {
    const { id } = await campaignWith({ code: 132000, details: 'number of localizable_params (1) does not match the expected number of params (2)' });
    await until(() => campaignRow(w!, id).status === 'paused', 'paused', 20_000);
    const c = campaignRow(w!, id);
    expect(c.pause_reason).toContain('confira o modelo e o mapeamento das variáveis no passo Mensagens');
    expect(c.pause_reason).toContain('Detalhe da Meta: number of localizable_params');
    // That contact stays queued for after the fix: never failed, never sent.
    expect(deliveryTo(w!, id, 1).state).toBe('queued');
  });

  it('190 (token expired) pauses every Cloud send and asks for a new token', async () => {
    const { id, numberId } = await campaignWith({ code: 190 });
    await until(() => campaignRow(w!, id).status === 'paused', 'paused', 20_000);
    expect(`${campaignRow(w!, id).pause_reason}`).toMatch(/token/i);
    await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status !== 'connected', 'number not connected');
    expect(w!.graph.sent.filter((s) => s.to === digits(1))).toHaveLength(0);
  });

  it('an unknown code fails safe: the number pauses and the user sees Meta\'s own message', async () => {
    const { id, numberId } = await campaignWith({ code: 987654, message: 'Something new at Meta' });
    await until(() => campaignRow(w!, id).status === 'paused', 'paused', 20_000);
    expect(campaignRow(w!, id).pause_reason).toContain('erro que o Recado não conhece (código 987654)');
    expect(campaignRow(w!, id).pause_reason).toContain('Something new at Meta');
    expect(w!.one('SELECT flagged_at FROM numbers WHERE id = ?', numberId)?.flagged_at).not.toBeNull();
  });
});

/**
 * Replies from the inbox on a Cloud API number, through the whole core against the Graph
 * stand-in: the 24-hour window in the thread, free-form text inside it, refused outside it
 * without a Graph call, a template reply, and Meta's 131047 (answered or by webhook) mapped to
 * the same outcome.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { testPhone } from '../campaigns/engine/testing/fixtures';
import { TEST_ACCOUNT } from '../channels/cloud/testing/graph-server';
import { cloudWorld, until, type CloudWorld } from '../channels/cloud/testing/harness';
import { WINDOW_CLOSED_MESSAGE } from './cloud-reply';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const DAY = 24 * 3_600_000;
const digits = testPhone(3).replace(/\D/g, '');
let seq = 0;
const key = () => `clientkey${String(++seq).padStart(4, '0')}`;

async function threadOnCloud(): Promise<{ w: CloudWorld; numberId: number; id: number }> {
  const world = await cloudWorld();
  const numberId = await world.addCloudNumber();
  await world.directWebhooks(numberId);
  await until(() => world.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
  world.graph.inbound(TEST_ACCOUNT.phoneNumberId, digits, { text: 'Vocês abrem domingo?' });
  const conv = await until(() => world.one('SELECT id FROM conversations'), 'conversation');
  return { w: world, numberId, id: conv.id as number };
}

/** An old inbound: the contact last wrote 25 hours ago. */
function ageWindow(world: CloudWorld): void {
  world.core.context.db.prepare('UPDATE cloud_windows SET last_inbound_at = last_inbound_at - ?').run(DAY + 3_600_000);
}

describe('inbox replies on a Cloud API number', () => {
  it('shows the window, sends free-form inside it, refuses it outside without calling Graph', async () => {
    const t = await threadOnCloud();
    w = t.w;
    const detail = await w.call('conversations.get', { id: t.id });
    expect(detail.serviceWindow!.kind).toBe('cloud');
    expect(detail.serviceWindow!.closesAt).toBeGreaterThan(Date.now() + DAY - 60_000);
    expect(detail.numbers[0].serviceWindow!.closesAt).toBe(detail.serviceWindow!.closesAt);

    const item = await w.call('conversations.send', { id: t.id, clientKey: key(), text: 'Abrimos sim, das 8h às 12h.' });
    expect(item).toMatchObject({ kind: 'reply', state: 'sent', template: null });
    expect(w.graph.sent.at(-1)).toMatchObject({ type: 'text', body: { text: { body: 'Abrimos sim, das 8h às 12h.' } } });

    ageWindow(w);
    const before = w.graph.sent.length;
    const replies = w.one('SELECT count(*) AS n FROM conversation_messages').n;
    await expect(w.call('conversations.send', { id: t.id, clientKey: key(), text: 'Ainda está aí?' })).rejects.toMatchObject({ code: 'conversations.window_closed', message: WINDOW_CLOSED_MESSAGE });
    expect(w.graph.sent.length).toBe(before);
    expect(w.one('SELECT count(*) AS n FROM conversation_messages').n).toBe(replies);
    expect((await w.call('conversations.get', { id: t.id })).serviceWindow).toEqual({ kind: 'cloud', closesAt: null });
  });

  it('replies with an approved template filled from the contact; it shows in the thread with its statuses', async () => {
    const t = await threadOnCloud();
    w = t.w;
    ageWindow(w);
    const { templates } = await w.call('cloud.templates', { id: t.numberId });
    const tpl = templates.find((x) => x.name === 'promo_padaria')!;
    const mapping = { 'header.1': { kind: 'field', field: 'primeiro_nome', fallback: 'cliente' }, 'body.1': { kind: 'field', field: 'primeiro_nome', fallback: 'cliente' }, 'body.2': { kind: 'text', value: 'Pinheiros' } } as const;
    const preview = await w.call('conversations.templatePreview', { id: t.id, templateId: tpl.id, mapping });
    expect(preview.problems).toEqual([]);
    expect(preview.text).toContain('Oi cliente, o pão de queijo de Pinheiros saiu agora.');
    const incomplete = await w.call('conversations.templatePreview', { id: t.id, templateId: tpl.id, mapping: {} });
    expect(incomplete.problems.length).toBeGreaterThan(0);

    const item = await w.call('conversations.sendTemplate', { id: t.id, clientKey: key(), templateId: tpl.id, mapping });
    expect(item).toMatchObject({ kind: 'reply', state: 'sent', template: 'promo_padaria' });
    expect(item.text).toBe(preview.text);
    expect(w.graph.sent.at(-1)).toMatchObject({ type: 'template', body: { template: { name: 'promo_padaria' } } });
    await until(() => w!.one("SELECT state FROM conversation_messages WHERE id = ?", item.id)?.state === 'read', 'read by webhook');

    const pending = templates.find((x) => x.status !== 'APPROVED');
    if (pending) await expect(w.call('conversations.sendTemplate', { id: t.id, clientKey: key(), templateId: pending.id, mapping: {} })).rejects.toMatchObject({ code: 'conversations.template_not_approved' });
  });

  it('maps 131047 from Graph (answered, or by a failed status webhook) to the closed window', async () => {
    const t = await threadOnCloud();
    w = t.w;
    // Answered: Recado still sees the window open, Graph refuses.
    w.graph.nextErrors.push({ code: 131047, details: 'Re-engagement message' });
    await expect(w.call('conversations.send', { id: t.id, clientKey: key(), text: 'Oi de novo' })).rejects.toMatchObject({ code: 'conversations.window_closed', message: WINDOW_CLOSED_MESSAGE });
    expect(w.one("SELECT state, error_reason FROM conversation_messages ORDER BY id DESC LIMIT 1")).toEqual({ state: 'failed', error_reason: WINDOW_CLOSED_MESSAGE });
    expect((await w.call('conversations.get', { id: t.id })).serviceWindow!.closesAt).toBeNull();

    // By webhook: the contact writes again (window open), Meta takes the message, then fails it.
    w.graph.inbound(TEST_ACCOUNT.phoneNumberId, digits, { text: 'Oi?' });
    await until(() => w!.one('SELECT count(*) AS n FROM cloud_windows')?.n === 1, 'window reopened');
    w.graph.asyncFailures.set(digits, { code: 131047, details: 'more than 24 hours' });
    const item = await w.call('conversations.send', { id: t.id, clientKey: key(), text: 'Pode passar amanhã' });
    if (item.kind !== 'reply') throw new Error('not a reply');
    expect(item.state).toBe('sent');
    await until(() => w!.one('SELECT state FROM conversation_messages WHERE id = ?', item.id)?.state === 'failed', 'failed by webhook');
    expect(w.one('SELECT error_reason FROM conversation_messages WHERE id = ?', item.id).error_reason).toBe(WINDOW_CLOSED_MESSAGE);
    expect((await w.call('conversations.get', { id: t.id })).serviceWindow!.closesAt).toBeNull();
  });
});

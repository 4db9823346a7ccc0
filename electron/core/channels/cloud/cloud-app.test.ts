/**
 * The whole core with a Cloud API number against the Graph stand-in: adding the number through
 * the API, a template campaign, statuses with pricing (duplicated, out of order), replies and
 * button replies, the 24-hour window, and the credentials that never come back out.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { seedContacts, testPhone } from '../../campaigns/engine/testing/fixtures';
import { TEST_ACCOUNT } from './testing/graph-server';
import { cloudWorld, until, type CloudWorld } from './testing/harness';
import { promoDraft } from './testing/drafts';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');

let w: CloudWorld | null = null;
afterEach(async () => {
  await w?.close();
  w = null;
});

const digits = (i: number) => testPhone(i).replace(/\D/g, '');


describe('a Cloud API number through the whole core', () => {
  it('tests the connection, adds the number with sealed credentials, and never returns them', async () => {
    w = await cloudWorld();
    const check = await w.call('cloud.testConnection', { phoneNumberId: TEST_ACCOUNT.phoneNumberId, wabaId: TEST_ACCOUNT.wabaId, token: TEST_ACCOUNT.token });
    expect(check).toMatchObject({ verifiedName: 'Padaria Pão Quente', nameStatus: 'APPROVED', qualityRating: 'GREEN', messagingLimit: 'TIER_2K', messagingLimitCount: 2000, approvedTemplates: 3 });

    await expect(w.call('cloud.testConnection', { phoneNumberId: TEST_ACCOUNT.phoneNumberId, wabaId: TEST_ACCOUNT.wabaId, token: 'EAAwrong-token-000000000' })).rejects.toMatchObject({ code: 'cloud.token_invalid' });
    await expect(w.call('cloud.testConnection', { phoneNumberId: '999999', wabaId: TEST_ACCOUNT.wabaId, token: TEST_ACCOUNT.token })).rejects.toMatchObject({ code: 'cloud.wrong_id' });
    await expect(w.call('cloud.testConnection', { phoneNumberId: TEST_ACCOUNT.phoneNumberId, wabaId: '888888', token: TEST_ACCOUNT.token })).rejects.toMatchObject({ code: 'cloud.waba_wrong' });
    w.graph.expiredTokens.add(TEST_ACCOUNT.token);
    await expect(w.call('cloud.testConnection', { phoneNumberId: TEST_ACCOUNT.phoneNumberId, wabaId: TEST_ACCOUNT.wabaId, token: TEST_ACCOUNT.token })).rejects.toMatchObject({ code: 'cloud.token_invalid', params: { variant: 'expired' } });
    w.graph.expiredTokens.clear();

    const numberId = await w.addCloudNumber();
    await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
    const list = await w.call('numbers.list');
    expect(list.find((n) => n.id === numberId)).toMatchObject({ kind: 'cloud', simulated: false, phone: '+551140001234' });
    const details = await w.call('cloud.details', { id: numberId });
    expect(details).toMatchObject({ verifiedName: 'Padaria Pão Quente', hasToken: true, hasAppSecret: true, relayState: 'no_license' });
    // Sealed at rest, never in any answer.
    const blob = w.all('SELECT name, blob FROM secrets').map((r) => `${r.name}:${Buffer.from(r.blob).toString('latin1')}`).join('\n');
    expect(blob).not.toContain(TEST_ACCOUNT.token);
    expect(blob).not.toContain(TEST_ACCOUNT.appSecret);
    expect(JSON.stringify(details)).not.toContain(TEST_ACCOUNT.token);
    expect(JSON.stringify(details)).not.toContain(TEST_ACCOUNT.appSecret);
    await expect(w.addCloudNumber()).rejects.toMatchObject({ code: 'cloud.duplicate' });
  });

  it('sends a template campaign, applies statuses (duplicated, out of order) with pricing, replies and button replies', async () => {
    w = await cloudWorld();
    const numberId = await w.addCloudNumber();
    await w.directWebhooks(numberId);
    w.graph.statusPlan.duplicate = true;
    w.graph.statusPlan.outOfOrder = true;
    w.graph.replies.set(digits(0), { text: 'Quero sim!' });
    w.graph.replies.set(digits(1), { button: 'SAIR' });
    const { listId } = seedContacts(w.core.context.db, { count: 3, fields: (i): Record<string, string> => (i === 2 ? { bairro: 'Pinheiros' } : {}) });
    const { templates } = await w.call('cloud.templates', { id: numberId });
    expect(templates.filter((t) => t.status === 'APPROVED').map((t) => t.name).sort()).toEqual(['cardapio_foto', 'lembrete_pedido', 'promo_padaria']);

    const { id } = await w.call('campaigns.create', { draft: promoDraft(numberId, listId, templates) });
    await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
    await w.call('campaigns.start', { id });
    await until(() => w!.graph.sent.length === 3, 'three sends');
    const sent = w.graph.sent.find((s) => s.to === digits(2))!;
    expect(sent.body).toMatchObject({
      type: 'template',
      template: {
        name: 'promo_padaria',
        language: { code: 'pt_BR' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Cliente2' }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Cliente2' }, { type: 'text', text: 'Pinheiros' }] },
        ],
      },
    });
    await until(() => w!.one("SELECT count(*) AS n FROM deliveries WHERE campaign_id = ? AND state = 'read'", id)?.n === 3, 'three read', 15_000);
    await w.graph.webhooksSettled();
    const rows = w.all('SELECT d.text, d.message_id, m.wamid, m.billed_category, m.billed_type, m.billed_brl FROM deliveries d JOIN cloud_messages m ON m.message_id = d.message_id WHERE d.campaign_id = ? ORDER BY d.id', id);
    expect(rows).toHaveLength(3);
    expect(rows[0].text).toBe('*Novidade, Cliente0!*\n\nOi Cliente0, o pão de queijo de sua região saiu agora. Passe na loja!\n\nResponda SAIR para não receber mais.');
    expect(rows.every((r) => r.billed_category === 'marketing' && r.billed_type === 'regular' && r.billed_brl === 0.3375)).toBe(true);
    const cost = await w.call('cloud.campaignCost', { campaignId: id });
    expect(cost).toMatchObject({ sent: 3, billed: 3, brl: 1.01, fallback: 0, tableDate: '2026-10-01' });
    // This month's spending across every Cloud number, as Configurações shows it.
    const spending = await w.call('cloud.spending');
    expect(spending).toMatchObject({ billed: 3, brl: 1.01, tableDate: '2026-10-01' });
    expect(spending.month).toMatch(/^\d{4}-\d{2}$/);

    // The reply is attributed to its delivery; the SAIR button opts the contact out, once, even though
    // every webhook came twice.
    await until(() => w!.one('SELECT count(*) AS n FROM inbound_messages')?.n === 2, 'two replies');
    await until(() => w!.one('SELECT status FROM contacts WHERE phone_key = ?', testPhone(1))?.status === 'opted_out', 'opt-out');
    expect(w.one('SELECT count(*) AS n FROM opt_out_events')?.n).toBe(1);
    const reply = w.one('SELECT i.text, d.campaign_id FROM inbound_messages i JOIN deliveries d ON d.id = i.delivery_id WHERE i.from_e164 = ?', testPhone(0));
    expect(reply).toEqual({ text: 'Quero sim!', campaign_id: id });
    expect(w.one('SELECT count(*) AS n FROM cloud_windows')?.n).toBe(2);
    await until(() => w!.one("SELECT status FROM campaigns WHERE id = ?", id)?.status === 'finished', 'finished');
  });

  it('free-form text only inside the 24-hour window; never calls Graph outside it', async () => {
    w = await cloudWorld();
    const numberId = await w.addCloudNumber();
    await w.directWebhooks(numberId);
    await until(() => w!.one('SELECT status FROM numbers WHERE id = ?', numberId)?.status === 'connected', 'connected');
    const channel = w.core.services.cloud.get(numberId)!;
    const jid = `${digits(7)}@s.whatsapp.net`;
    await expect(channel.send({ messageId: channel.newMessageId(), jid, text: 'Oi' })).rejects.toMatchObject({ code: 'OUTSIDE_WINDOW' });
    expect(w.graph.sent).toHaveLength(0);
    w.graph.inbound(TEST_ACCOUNT.phoneNumberId, digits(7), { text: 'Bom dia' });
    await until(() => w!.one('SELECT count(*) AS n FROM cloud_windows')?.n === 1, 'window');
    await channel.send({ messageId: channel.newMessageId(), jid, text: 'Oi, tudo bem?' });
    expect(w.graph.sent[0]).toMatchObject({ type: 'text', body: { text: { body: 'Oi, tudo bem?' } } });
  });
});

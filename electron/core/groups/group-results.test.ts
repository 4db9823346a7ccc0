/**
 * Results of a campaign sent to groups, through the real socket and the stand-in (issue 19 b):
 * per-participant receipts, quotes and mentions in the group; none of it a reply or an opt-out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { fastDraft } from '../campaigns/engine/testing/fixtures';
import { ACCOUNT, waWorld } from './testing/wa-world';
import { isGroupInbound } from './group-campaign';
import { normalizePhone } from '../../../shared/phone';
import type { InboundEvent } from '../channels/types';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) => m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';

describe('group campaign results', () => {
  it('counts participants reached and quotes or mentions per group, never as campaign replies or opt-outs, and sends no opt-out footer', async () => {
    const w = await waWorld(cleanups, { media: false });
    const account = w.wa.account(ACCOUNT);
    const ana = w.wa.contact('5511911110001', { name: 'Ana', autoReceipts: ['delivered', 'read'] });
    const bia = w.wa.contact('5511911110002', { name: 'Bia', autoReceipts: ['delivered'] });
    const caio = w.wa.contact('5511911110003', { name: 'Caio' });
    const promos = w.wa.createGroup({ subject: 'Promoções', members: [[account, 'admin'], ana, bia] });
    const quiet = w.wa.createGroup({ subject: 'Vizinhos', members: [account, caio] });

    const numberId = await w.link();
    await w.waitFor(() => w.events.some((e) => e.name === 'groups.changed' && e.payload.numberId === numberId), 'groups read');
    // Caio is also a contact of ours, on a list: a SAIR from him in a group must not opt him out.
    const key = normalizePhone('5511911110003');
    if (!key.ok) throw new Error('phone');
    w.core.context.db.prepare("INSERT INTO contacts (phone_key, name, status, created_at, updated_at) VALUES (?, 'Caio', 'active', 0, 0)").run(key.key);

    const base = fastDraft({ listIds: [], numberIds: [numberId] });
    const draft = {
      ...base,
      audience: { listIds: [], frequencyCapDays: 0, groups: { numberId, jids: [promos.jid, quiet.jid] } },
      messages: { ...base.messages, variations: [{ id: 'v1', text: 'Café 20% off hoje', attachment: null }], optOut: { enabled: true, text: '' } },
    };
    const created = await w.call('campaigns.create', { draft });
    await w.call('campaigns.start', { id: created.id });
    const [toAna, toCaio] = await Promise.all([ana.waitForMessage((m) => m.groupJid === promos.jid, 20_000), caio.waitForMessage((m) => m.groupJid === quiet.jid, 20_000)]);
    // No opt-out footer in a group, though the campaign has it on.
    expect(textOf(toAna)).toBe('Café 20% off hoje');
    expect(textOf(toCaio)).toBe('Café 20% off hoje');

    // Ana and Bia's phones report the post; Caio's phone reports nothing.
    await w.waitFor(() => w.one('SELECT COUNT(*) AS n FROM group_delivery_receipts').n === 2 && w.one('SELECT COUNT(*) AS n FROM group_delivery_receipts WHERE read_at IS NOT NULL').n === 1, 'receipts');

    // In the groups: a quote, a mention, a plain message and a SAIR quoting our post.
    const me = promos.memberJid(account);
    await w.wa.postToGroup(ana, promos, { text: 'Tem de 500g?', quotedId: toAna.id, quotedFrom: me });
    await w.wa.postToGroup(bia, promos, { text: '@Loja entrega no centro?', mentions: [me] });
    await w.wa.postToGroup(bia, promos, { text: 'bom dia' });
    await w.wa.postToGroup(caio, quiet, { text: 'SAIR', quotedId: toCaio.id, quotedFrom: quiet.memberJid(account) });
    await w.waitFor(() => w.one('SELECT COUNT(*) AS n FROM group_delivery_replies').n === 3, 'group replies');
    await w.waitFor(() => w.events.some((e) => e.name === 'groups.resultsChanged' && e.payload.campaignId === created.id), 'results event');

    const results = await w.call('groups.campaignResults', { campaignId: created.id });
    expect(results.groups).toEqual([
      { jid: promos.jid, subject: 'Promoções', participants: 3, state: expect.stringMatching(/^(delivered|read)$/), sentAt: expect.any(Number), reason: null, deliveredTo: 2, readBy: 1, quotes: 1, mentions: 1 },
      // Nobody's phone reported: unknown, not zero.
      { jid: quiet.jid, subject: 'Vizinhos', participants: 2, state: 'sent', sentAt: expect.any(Number), reason: null, deliveredTo: null, readBy: null, quotes: 1, mentions: 0 },
    ]);

    // None of it is a reply to the campaign, an opt-out, an inbound message or a conversation.
    expect(w.one('SELECT replied FROM campaign_counters WHERE campaign_id = ?', created.id).replied).toBe(0);
    expect(w.one('SELECT COUNT(*) AS n FROM deliveries WHERE replied_at IS NOT NULL').n).toBe(0);
    expect(w.one('SELECT COUNT(*) AS n FROM inbound_messages').n).toBe(0);
    expect(w.one('SELECT COUNT(*) AS n FROM opt_out_events').n).toBe(0);
    expect(w.one('SELECT COUNT(*) AS n FROM conversations').n).toBe(0);
    expect(w.all('SELECT status FROM contacts')).toEqual([{ status: 'active' }]);

    // Should a channel ever let a group message through as `inbound`, the engine still turns it
    // away; the same message from the one-to-one chat is an opt-out (the path is live).
    const channel = w.core.services.whatsapp.get(numberId) as unknown as { events: { emit(name: 'inbound', ev: InboundEvent): void } };
    channel.events.emit('inbound', { from: '+5511911110003', jid: quiet.jid, text: 'SAIR', at: Date.now(), messageId: 'GROUPLEAK1' });
    channel.events.emit('inbound', { from: '+5511911110003', jid: caio.jid, text: 'SAIR', at: Date.now(), messageId: 'DIRECT1' });
    await w.waitFor(() => w.one('SELECT COUNT(*) AS n FROM inbound_messages').n === 1, 'the direct message');
    expect(w.all('SELECT jid, opt_out FROM inbound_messages')).toEqual([{ jid: caio.jid, opt_out: 1 }]);
    expect(w.all('SELECT status FROM contacts')).toEqual([{ status: 'opted_out' }]);
  }, 60_000);

  it('a campaign to contacts has no group rows', async () => {
    const w = await waWorld(cleanups, { media: false });
    const base = fastDraft({ listIds: [], numberIds: [] });
    const created = await w.call('campaigns.create', { draft: base });
    expect(await w.call('groups.campaignResults', { campaignId: created.id })).toEqual({ campaignId: created.id, groups: [] });
  });

  it('tells group messages apart from one-to-one ones', () => {
    expect(isGroupInbound({ jid: '120363000000000001@g.us' })).toBe(true);
    expect(isGroupInbound({ jid: '5511911110001@s.whatsapp.net' })).toBe(false);
    expect(isGroupInbound({ jid: null })).toBe(false);
  });
});

/** A campaign sent to groups through the real socket and the stand-in (issue 19 b). */
import { afterEach, describe, expect, it } from 'vitest';
import { fastDraft } from '../campaigns/engine/testing/fixtures';
import { ACCOUNT, waWorld } from './testing/wa-world';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) => m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';

describe('campaigns to groups', () => {
  it('posts once in each chosen group the number may post in, paced like contacts, and never twice', async () => {
    const w = await waWorld(cleanups, { media: false });
    const account = w.wa.account(ACCOUNT);
    const ana = w.wa.contact('5511911110001', { name: 'Ana' });
    const bia = w.wa.contact('5511911110002', { name: 'Bia' });
    const caio = w.wa.contact('5511911110003', { name: 'Caio' });
    const promos = w.wa.createGroup({ subject: 'Promoções', members: [account, ana] });
    const vip = w.wa.createGroup({ subject: 'Clientes VIP', members: [[account, 'admin'], bia], announce: true });
    const closed = w.wa.createGroup({ subject: 'Avisos', members: [[caio, 'admin'], account], announce: true });

    const numberId = await w.link();
    await w.waitFor(() => w.events.some((e) => e.name === 'groups.changed' && e.payload.numberId === numberId), 'groups read');

    const audience = { listIds: [], frequencyCapDays: 0, groups: { numberId, jids: [promos.jid, vip.jid, closed.jid] } };
    // The wizard's counts: three chosen, one of them only for admins.
    expect(await w.call('campaigns.audiencePreview', { draft: { audience } })).toMatchObject({ inLists: 3, invalid: 1, final: 2 });

    const base = fastDraft({ listIds: [], numberIds: [numberId] });
    const draft = { ...base, audience, messages: { ...base.messages, variations: [{ id: 'v1', text: 'Oferta do dia: café 20% off', attachment: null }] } };

    // A group campaign sends only through the groups' number.
    const other = await w.call('numbers.addSimulator', {});
    const wrong = await w.call('campaigns.create', { draft: { ...draft, numberIds: [numberId, other.id] } });
    await expect(w.call('campaigns.start', { id: wrong.id })).rejects.toMatchObject({ code: 'campaigns.group_number' });

    const created = await w.call('campaigns.create', { draft });
    await w.call('campaigns.start', { id: created.id });
    const [toAna, toBia] = await Promise.all([ana.waitForMessage((m) => m.groupJid === promos.jid, 20_000), bia.waitForMessage((m) => m.groupJid === vip.jid, 20_000)]);
    expect(textOf(toAna)).toBe('Oferta do dia: café 20% off');
    expect(textOf(toBia)).toBe('Oferta do dia: café 20% off');

    await w.waitFor(() => w.one('SELECT status FROM campaigns WHERE id = ?', created.id).status === 'finished', 'finished');
    const rows = w.all('SELECT group_jid, contact_id, state, number_id FROM deliveries WHERE campaign_id = ? ORDER BY group_jid', created.id);
    expect(rows).toEqual(
      [promos.jid, vip.jid].sort().map((jid) => ({ group_jid: jid, contact_id: null, state: expect.stringMatching(/^(sent|delivered|read)$/), number_id: numberId })),
    );
    expect(w.one('SELECT total, sent + delivered + read AS out FROM campaign_counters WHERE campaign_id = ?', created.id)).toEqual({ total: 2, out: 2 });
    // Each group got the campaign once; the closed group nothing; no contact was messaged directly.
    expect(promos.posts.filter((p) => p.from === ACCOUNT)).toHaveLength(1);
    expect(vip.posts.filter((p) => p.from === ACCOUNT)).toHaveLength(1);
    expect(closed.posts.filter((p) => p.from === ACCOUNT)).toHaveLength(0);
    for (const c of [ana, bia, caio]) expect(c.inbox.filter((m) => !m.groupJid)).toHaveLength(0);
    // Starting it again is refused: sending again is a clone, by the user's choice.
    await expect(w.call('campaigns.start', { id: created.id })).rejects.toMatchObject({ code: 'campaigns.already_started' });
  });
});

/** Números → Grupos through the API, on the real protocol (stand-in groups). */
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, waWorld } from './testing/wa-world';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

describe('groups of a number', () => {
  it('reads them when the number connects and on demand; a group notification refreshes the list by itself', async () => {
    const w = await waWorld(cleanups, { media: false });
    const account = w.wa.account(ACCOUNT);
    const ana = w.wa.contact('5511911110001', { name: 'Ana' });
    const bia = w.wa.contact('5511911110002', { name: 'Bia' });
    const promos = w.wa.createGroup({ subject: 'Promoções da Loja', members: [[account, 'superadmin'], ana, bia] });
    w.wa.createGroup({ subject: 'Avisos do bairro', members: [[ana, 'admin'], account], announce: true });

    const numberId = await w.link();
    // Read by itself once connected.
    await w.waitFor(() => w.events.some((e) => e.name === 'groups.changed' && e.payload.numberId === numberId), 'first read');
    const listed = await w.call('groups.list', { numberId });
    expect(listed.refreshedAt).toEqual(expect.any(Number));
    expect(listed.groups).toEqual([
      { jid: expect.stringMatching(/@g\.us$/), subject: 'Avisos do bairro', size: 2, isAdmin: false, announce: true, canPost: false },
      { jid: promos.jid, subject: 'Promoções da Loja', size: 3, isAdmin: true, announce: false, canPost: true },
    ]);

    // Someone renames a group on the phone: the list follows without a click.
    await w.wa.renameGroup(promos, 'Ofertas da Semana', ana);
    await w.waitFor(async () => (await w.call('groups.list', { numberId })).groups.some((g: { subject: string }) => g.subject === 'Ofertas da Semana'), 'renamed');

    // Removed from a group: it leaves the list (its name stays for old results).
    await w.wa.removeFromGroup(promos, account, ana);
    const after = await w.call('groups.refresh', { numberId });
    expect(after.groups.map((g: { subject: string }) => g.subject)).toEqual(['Avisos do bairro']);
    expect(w.one('SELECT subject, left_at IS NOT NULL AS gone FROM wa_groups WHERE jid = ?', promos.jid)).toEqual({ subject: 'Ofertas da Semana', gone: 1 });
  });

  it('refusals say why: simulated numbers have no groups; a disconnected number cannot be read', async () => {
    const w = await waWorld(cleanups, { media: false });
    const sim = await w.call('numbers.addSimulator', {});
    await expect(w.call('groups.list', { numberId: sim.id })).rejects.toMatchObject({ code: 'groups.simulated' });
    const numberId = await w.link();
    await w.wa.kick(ACCOUNT, 440); // another WhatsApp Web took over: the number stops
    await w.waitFor(() => w.one('SELECT status FROM numbers WHERE id = ?', numberId).status !== 'connected', 'disconnected');
    await expect(w.call('groups.refresh', { numberId })).rejects.toMatchObject({ code: 'groups.not_connected', params: { label: 'Loja' } });
    await expect(w.call('groups.list', { numberId: 999 })).rejects.toMatchObject({ code: 'numbers.not_found' });
  });
});

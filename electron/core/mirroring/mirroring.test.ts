/**
 * Offer mirroring through the API, on the real protocol: the production socket against the
 * stand-in's groups. A member posts in the source group; the linked number re-posts it,
 * rewritten, in each destination group (members decrypt the sender-key message), once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ACCOUNT, waWorld, type WaWorld } from '../groups/testing/wa-world';
import type { WaContact, WaGroup } from '../channels/whatsapp/testing/wa-server';

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

/** A shop page with Open Graph tags on 127.0.0.1 (with the stand-in, the whole internet). */
async function offerSite(): Promise<string> {
  const site = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<html><head><meta property="og:title" content="Fone Bluetooth"><meta property="og:description" content="Só hoje"></head></html>');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  cleanups.push(() => new Promise<void>((r) => { site.closeAllConnections(); site.close(() => r()); }));
  return `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
}

interface Scene {
  w: WaWorld;
  numberId: number;
  ana: WaContact;
  bia: WaContact;
  caio: WaContact;
  source: WaGroup;
  vip: WaGroup;
  geral: WaGroup;
}

async function scene(): Promise<Scene> {
  const w = await waWorld(cleanups);
  const account = w.wa.account(ACCOUNT);
  const ana = w.wa.contact('5511911110001', { name: 'Ana' });
  const bia = w.wa.contact('5511911110002', { name: 'Bia' });
  const caio = w.wa.contact('5511911110003', { name: 'Caio' });
  const source = w.wa.createGroup({ subject: 'Achadinhos (fonte)', members: [[ana, 'superadmin'], account] });
  const vip = w.wa.createGroup({ subject: 'Ofertas VIP', members: [[account, 'superadmin'], bia] });
  const geral = w.wa.createGroup({ subject: 'Ofertas Geral', members: [[account, 'admin'], caio] });
  const numberId = await w.link();
  await w.waitFor(() => w.events.some((e) => e.name === 'groups.changed' && e.payload.numberId === numberId), 'groups read');
  return { w, numberId, ana, bia, caio, source, vip, geral };
}

const textOf = (m: { message: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } }) => m.message.conversation || m.message.extendedTextMessage?.text || '';
const posts = (w: WaWorld, ruleId: number) => w.all('SELECT dest_jid, state, reason, text FROM mirror_posts WHERE rule_id = ? ORDER BY id', ruleId);

describe('offer mirroring', () => {
  it('re-posts a source message to each destination once, rewritten, with a link preview; a repeat is skipped as duplicate; nothing is a reply', async () => {
    const s = await scene();
    const base = await offerSite();
    const rule = await s.w.call('mirroring.create', {
      name: 'Achadinhos → minhas ofertas',
      numberId: s.numberId,
      source: { kind: 'group', jid: s.source.jid },
      destinations: [s.vip.jid, s.geral.jid],
      rewrites: [
        { kind: 'setParam', param: 'tag', value: 'meu-20', host: '127.0.0.1' },
        { kind: 'replace', find: 'Entre no grupo do Fulano!', replace: '' },
      ],
      paceSeconds: 0,
      typing: false,
    });
    expect(rule).toMatchObject({ paused: false, source: { kind: 'group', name: 'Achadinhos (fonte)' }, destinations: [{ name: 'Ofertas VIP', canPost: true }, { name: 'Ofertas Geral', canPost: true }] });

    const offer = `Fone Bluetooth R$ 99 👉 ${base}/oferta?tag=outro-20\nEntre no grupo do Fulano!`;
    const expected = `Fone Bluetooth R$ 99 👉 ${base}/oferta?tag=meu-20`;
    await s.w.wa.postToGroup(s.ana, s.source, { text: offer });
    const atBia = await s.bia.waitForMessage((m) => m.groupJid === s.vip.jid);
    const atCaio = await s.caio.waitForMessage((m) => m.groupJid === s.geral.jid);
    expect(textOf(atBia)).toBe(expected);
    expect(textOf(atCaio)).toBe(expected);
    // Link previews are on for mirrored posts.
    expect(atBia.message.extendedTextMessage).toMatchObject({ matchedText: `${base}/oferta?tag=meu-20`, title: 'Fone Bluetooth', description: 'Só hoje' });
    await s.w.waitFor(() => posts(s.w, rule.id).every((p: { state: string }) => p.state === 'sent') && posts(s.w, rule.id).length === 2, 'both sent');

    // The same offer again (another message, same text and link): skipped for both destinations.
    await s.w.wa.postToGroup(s.ana, s.source, { text: offer });
    await s.w.waitFor(() => posts(s.w, rule.id).length === 4, 'repeat planned');
    expect(posts(s.w, rule.id).slice(2)).toEqual([
      { dest_jid: s.vip.jid, state: 'skipped', reason: 'duplicate', text: expected },
      { dest_jid: s.geral.jid, state: 'skipped', reason: 'duplicate', text: expected },
    ]);
    // Another text with the same link is the same offer too.
    await s.w.wa.postToGroup(s.ana, s.source, { text: `Corre! ${base}/oferta?tag=outro-20` });
    await s.w.waitFor(() => posts(s.w, rule.id).length === 6, 'same link planned');
    expect(posts(s.w, rule.id).slice(4).map((p: { reason: string }) => p.reason)).toEqual(['duplicate', 'duplicate']);

    // A photo with a caption goes as a photo, the caption rewritten.
    const photo = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    await s.w.wa.postToGroup(s.ana, s.source, { text: `Panela ${base}/panela?tag=outro-20`, image: { data: photo, mimetype: 'image/png' } });
    const pic = await s.bia.waitForMessage((m) => m.groupJid === s.vip.jid && !!m.message.imageMessage);
    expect(pic.message.imageMessage?.caption).toBe(`Panela ${base}/panela?tag=meu-20`);
    expect(pic.media?.equals(photo)).toBe(true);
    expect(pic.message.imageMessage?.contextInfo?.isForwarded ?? false).toBe(false);
    await s.caio.waitForMessage((m) => m.groupJid === s.geral.jid && !!m.message.imageMessage);

    // Each destination got exactly the two posts; group messages never became replies.
    await s.w.waitFor(() => posts(s.w, rule.id).filter((p: { state: string }) => p.state === 'sent').length === 4, 'photo sent');
    expect(s.bia.inbox.filter((m) => m.groupJid === s.vip.jid)).toHaveLength(2);
    expect(s.caio.inbox.filter((m) => m.groupJid === s.geral.jid)).toHaveLength(2);
    expect(s.w.one('SELECT count(*) AS n FROM inbound_messages').n).toBe(0);
    expect(s.w.one('SELECT count(*) AS n FROM conversations').n).toBe(0);

    const log = await s.w.call('mirroring.log', { id: rule.id });
    expect(log[0]).toMatchObject({ state: 'sent', image: true, destName: expect.stringMatching(/Ofertas/) });
    expect(log.filter((e: { reason: string | null }) => e.reason === 'duplicate')).toHaveLength(4);
    const [listed] = await s.w.call('mirroring.list');
    expect(listed).toMatchObject({ id: rule.id, postedToday: 4, queued: 0, lastAt: expect.any(Number) });
    expect(s.w.wa.errors).toEqual([]);
  });

  it('paces each destination, stops at the daily cap, skips while paused and when the rewrite leaves nothing', async () => {
    const s = await scene();
    const rule = await s.w.call('mirroring.create', {
      name: 'Devagar',
      numberId: s.numberId,
      source: { kind: 'group', jid: s.source.jid },
      destinations: [s.vip.jid],
      rewrites: [{ kind: 'replace', find: 'só propaganda', replace: '' }],
      paceSeconds: 3600,
      dailyCap: 2,
      typing: false,
    });
    await s.w.wa.postToGroup(s.ana, s.source, { text: 'Oferta 1' });
    await s.bia.waitForMessage((m) => textOf(m) === 'Oferta 1');
    await s.w.wa.postToGroup(s.ana, s.source, { text: 'Oferta 2' });
    await s.w.wa.postToGroup(s.ana, s.source, { text: 'Oferta 3' });
    await s.w.wa.postToGroup(s.ana, s.source, { text: 'só propaganda' });
    await s.w.waitFor(() => posts(s.w, rule.id).length === 4, 'planned');
    const rows = s.w.all('SELECT text, state, reason, due_at, sent_at FROM mirror_posts WHERE rule_id = ? ORDER BY id', rule.id);
    expect(rows.map((r) => [r.text, r.state, r.reason])).toEqual([
      ['Oferta 1', 'sent', null],
      // Waits an hour after the first post in that group.
      ['Oferta 2', 'queued', null],
      ['Oferta 3', 'skipped', 'cap'],
      ['', 'skipped', 'empty'],
    ]);
    expect(rows[1].due_at).toBeGreaterThanOrEqual(rows[0].sent_at + 3_600_000 - 1_000);

    // Pausing skips what waits (no stale offer on resume) and what arrives meanwhile.
    const paused = await s.w.call('mirroring.setPaused', { id: rule.id, paused: true });
    expect(paused).toMatchObject({ paused: true, pauseReason: 'user', queued: 0 });
    await s.w.wa.postToGroup(s.ana, s.source, { text: 'Oferta 4' });
    await s.w.waitFor(() => posts(s.w, rule.id).length === 5, 'planned while paused');
    expect(posts(s.w, rule.id).slice(1).map((p: { reason: string }) => p.reason)).toEqual(['paused', 'cap', 'empty', 'paused']);
    expect(await s.w.call('mirroring.setPaused', { id: rule.id, paused: false })).toMatchObject({ paused: false, pauseReason: null });
    expect(s.bia.inbox.filter((m) => m.groupJid === s.vip.jid)).toHaveLength(1);
  });

  it("counts toward the number's daily cap like replies (past it, a post is skipped); a WhatsApp warning pauses it", async () => {
    const s = await scene();
    await s.w.call('numbers.update', { id: s.numberId, dailyCap: 1 });
    const rule = await s.w.call('mirroring.create', { name: 'Cap', numberId: s.numberId, source: { kind: 'group', jid: s.source.jid }, destinations: [s.vip.jid, s.geral.jid], paceSeconds: 0, typing: false });
    await s.w.wa.postToGroup(s.ana, s.source, { text: 'Oferta única' });
    await s.w.waitFor(() => posts(s.w, rule.id).every((p: { state: string }) => p.state !== 'queued' && p.state !== 'sending') && posts(s.w, rule.id).length === 2, 'settled');
    expect(posts(s.w, rule.id).map((p: { state: string; reason: string | null }) => [p.state, p.reason])).toEqual([
      ['sent', null],
      ['skipped', 'number_cap'],
    ]);
    expect(s.w.one('SELECT attempts FROM number_daily_counters WHERE number_id = ?', s.numberId)).toEqual({ attempts: 1 });
    expect(s.caio.inbox).toHaveLength(0);

    // A WhatsApp warning about the number pauses its mirrorings, like its campaigns.
    await s.w.wa.capping(ACCOUNT, 'FIRST_WARNING');
    await s.w.waitFor(async () => (await s.w.call('mirroring.list'))[0].paused, 'paused by the warning');
    expect((await s.w.call('mirroring.list'))[0]).toMatchObject({ paused: true, pauseReason: 'capping_warning' });
  });

  it('a direct chat can be the source too (a supplier who sends offers privately), by phone as typed', async () => {
    const s = await scene();
    const supplier = s.w.wa.contact('5511911110004', { name: 'Fornecedor' });
    const rule = await s.w.call('mirroring.create', { name: 'Fornecedor', numberId: s.numberId, source: { kind: 'chat', phone: '(11) 91111-0004' }, destinations: [s.vip.jid], paceSeconds: 0, typing: false });
    expect(rule.source).toMatchObject({ kind: 'chat', jid: '5511911110004@s.whatsapp.net', name: '+55 (11) 91111-0004' });
    await s.w.wa.sendText(s.ana, ACCOUNT, 'de outra pessoa: não espelha');
    await s.w.wa.sendText(supplier, ACCOUNT, 'Lote de camisetas R$ 15');
    expect(textOf(await s.bia.waitForMessage((m) => m.groupJid === s.vip.jid))).toBe('Lote de camisetas R$ 15');
    await s.w.waitFor(() => posts(s.w, rule.id).length === 1 && posts(s.w, rule.id)[0].state === 'sent', 'sent');
    await expect(s.w.call('mirroring.create', { name: 'X', numberId: s.numberId, source: { kind: 'chat', phone: '99999-9999' }, destinations: [s.vip.jid] })).rejects.toMatchObject({ code: 'mirroring.source_phone', params: { reason: 'phone.no_area_code' } });
  });

  it('refuses what it cannot do, with a reason: destinations outside the groups, admins-only groups, source as destination', async () => {
    const s = await scene();
    const avisos = s.w.wa.createGroup({ subject: 'Avisos', members: [[s.ana, 'superadmin'], s.w.wa.account(ACCOUNT)], announce: true });
    await s.w.call('groups.refresh', { numberId: s.numberId });
    const base = { name: 'X', numberId: s.numberId, source: { kind: 'group' as const, jid: s.source.jid }, typing: false };
    await expect(s.w.call('mirroring.create', { ...base, destinations: ['120363000000000001@g.us'] })).rejects.toMatchObject({ code: 'mirroring.destination_unknown' });
    await expect(s.w.call('mirroring.create', { ...base, destinations: [avisos.jid] })).rejects.toMatchObject({ code: 'mirroring.destination_admins_only', params: { group: 'Avisos' } });
    await expect(s.w.call('mirroring.create', { ...base, destinations: [s.source.jid] })).rejects.toMatchObject({ code: 'mirroring.destination_is_source' });
    // Never to a person: the contract only takes group ids.
    await expect(s.w.call('mirroring.create', { ...base, destinations: [`${s.bia.phone}@s.whatsapp.net`] })).rejects.toMatchObject({ code: 'api.invalid_input' });
    await expect(s.w.call('mirroring.create', { ...base, source: { kind: 'group', jid: '120363000000000002@g.us' }, destinations: [s.vip.jid] })).rejects.toMatchObject({ code: 'mirroring.source_unknown' });
    const sim = await s.w.call('numbers.addSimulator', {});
    await expect(s.w.call('mirroring.create', { ...base, numberId: sim.id, destinations: [s.vip.jid] })).rejects.toMatchObject({ code: 'mirroring.not_whatsapp' });
    await expect(s.w.call('mirroring.setPaused', { id: 999, paused: true })).rejects.toMatchObject({ code: 'mirroring.not_found' });

    // An edit changes only what it names, and is checked like a new rule.
    const rule = await s.w.call('mirroring.create', { ...base, destinations: [s.vip.jid], dailyCap: 7 });
    const edited = await s.w.call('mirroring.update', { id: rule.id, patch: { name: 'Novo nome', destinations: [s.vip.jid, s.geral.jid] } });
    expect(edited).toMatchObject({ name: 'Novo nome', dailyCap: 7, typing: false, paceSeconds: 60, destinations: [{ name: 'Ofertas VIP' }, { name: 'Ofertas Geral' }] });
    await expect(s.w.call('mirroring.update', { id: rule.id, patch: { destinations: [avisos.jid] } })).rejects.toMatchObject({ code: 'mirroring.destination_admins_only' });
    expect(await s.w.call('mirroring.remove', { id: rule.id })).toEqual({ removed: true });
    expect(await s.w.call('mirroring.list')).toEqual([]);
  });
});

/**
 * Groups on the real protocol: the production WhatsAppService and `makeWASocket` against the
 * stand-in's groups (`w:g2` metadata and participating list, `w:gp2` notifications, messages
 * encrypted with sender keys both ways, per-participant receipts).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../log/logger';
import type { InboundEvent } from '../types';
import { baileysSocketFactory } from './default-socket';
import type { ChatMessage, GroupReceiptEvent } from './groups-wire';
import { addNumber, tempStore, waitFor } from './testing/helpers';
import { trustStandIn, WaStandIn } from './testing/wa-server';
import { WhatsAppService } from './whatsapp-service';

const ACCOUNT = '5511900000001';
const LIMIT = 15_000;

let cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.reverse()) await c();
  cleanups = [];
});

async function linked() {
  const wa = await WaStandIn.start({ media: true });
  cleanups.push(() => wa.stop());
  cleanups.push(trustStandIn(wa));
  const st = tempStore();
  cleanups.push(() => st.cleanup());
  const numberId = addNumber(st.db);
  const service = new WhatsAppService({ db: st.db, secretBox: st.box, logger: silentLogger(), socketFactory: baileysSocketFactory, waWebSocketUrl: wa.url, channelOptions: { backoff: { baseMs: 20, maxMs: 80 } } });
  cleanups.push(() => service.close());
  const seen = { groups: 0, receipts: [] as GroupReceiptEvent[], chat: [] as ChatMessage[], inbound: [] as InboundEvent[], qr: null as string | null };
  service.subscribe((e) => {
    if (e.type === 'groups') seen.groups += 1;
    else if (e.type === 'groupReceipt') seen.receipts.push(e.receipt);
    else if (e.type === 'chatMessage') seen.chat.push(e.message);
    else if (e.type === 'qr') seen.qr = e.qr;
  });
  const row = st.db.prepare('SELECT id, kind, label, phone, config FROM numbers WHERE id = ?').get(numberId) as { id: number; kind: string; label: string };
  const channel = service.channelFor(row);
  channel.on('inbound', (m) => seen.inbound.push(m));
  const account = wa.account(ACCOUNT);
  const started = channel.start();
  await s(() => seen.qr);
  await wa.scanQr(ACCOUNT, seen.qr!);
  await started;
  await wa.waitForConnection(ACCOUNT);
  return { wa, st, channel, account, seen };
}

const s = <T>(fn: () => T | Promise<T>, what = 'condition') => waitFor(fn, what, LIMIT);

describe('groups on the real protocol', () => {
  it('lists the groups the number is in, with size, admin and admins-only; notifications trigger a refresh', async () => {
    const t = await linked();
    const ana = t.wa.contact('5511911110001', { name: 'Ana' });
    const bia = t.wa.contact('5511911110002', { name: 'Bia' });
    const promos = t.wa.createGroup({ subject: 'Promoções da Loja', members: [[t.account, 'superadmin'], ana, bia] });
    const avisos = t.wa.createGroup({ subject: 'Avisos do bairro', members: [[ana, 'admin'], t.account, bia], announce: true, addressingMode: 'pn' });
    const other = t.wa.createGroup({ subject: 'Sem a loja', members: [[ana, 'admin'], bia] });

    const groups = await t.channel.listGroups();
    expect(groups.sort((a, b) => a.subject.localeCompare(b.subject))).toEqual([
      { jid: avisos.jid, subject: 'Avisos do bairro', size: 3, isAdmin: false, announce: true, community: false },
      { jid: promos.jid, subject: 'Promoções da Loja', size: 3, isAdmin: true, announce: false, community: false },
    ]);

    // Someone renames a group, the number is added to another: each is a change to list again.
    await t.wa.renameGroup(promos, 'Ofertas da Loja', t.account);
    await s(() => t.seen.groups >= 1, 'groups event after rename');
    await t.wa.addToGroup(other, t.account, 'member', ana);
    await s(() => t.seen.groups >= 2, 'groups event after add');
    const after = await t.channel.listGroups();
    expect(after.map((g) => g.subject).sort()).toEqual(['Avisos do bairro', 'Ofertas da Loja', 'Sem a loja']);
    // Listing itself is not a change (no refresh loop).
    const before = t.seen.groups;
    await t.channel.listGroups();
    await new Promise((r) => setTimeout(r, 200));
    expect(t.seen.groups).toBe(before);
  });

  it('posts to a group with sender keys: members decrypt the skmsg, receipts count participants', async () => {
    const t = await linked();
    const ana = t.wa.contact('5511911110001', { name: 'Ana', autoReceipts: ['delivered'] });
    const bia = t.wa.contact('5511911110002', { name: 'Bia', autoReceipts: ['delivered', 'read'] });
    const group = t.wa.createGroup({ subject: 'Promoções', members: [[t.account, 'superadmin'], ana, bia] });

    const receipts: Array<{ messageId: string; status: string }> = [];
    t.channel.on('receipt', (r) => receipts.push(r));
    const first = t.channel.newMessageId();
    await t.channel.send({ messageId: first, jid: group.jid, text: 'Oferta do dia: pão de queijo R$ 9,90' });
    const got = await ana.waitForMessage((m) => m.id === first);
    expect(got).toMatchObject({ encType: 'skmsg', groupJid: group.jid });
    expect(got.message.conversation || got.message.extendedTextMessage?.text).toBe('Oferta do dia: pão de queijo R$ 9,90');
    expect((await bia.waitForMessage((m) => m.id === first)).groupJid).toBe(group.jid);
    expect((await group.waitForPost((p) => p.id === first)).readBy.sort()).toEqual([ana.phone, bia.phone]);

    // Each participant's receipt arrives apart; the message itself moves forward once per status.
    // (A read receipt folded with its delivery counts as both.)
    await s(() => new Set(t.seen.receipts.filter((r) => r.messageId === first).map((r) => r.participant)).size === 2, 'receipts of both members');
    await s(() => t.seen.receipts.some((r) => r.messageId === first && r.status === 'read'), 'read receipt');
    expect(new Set(t.seen.receipts.map((r) => r.participant))).toEqual(new Set([group.memberJid(ana), group.memberJid(bia)]));
    expect(t.seen.receipts.every((r) => r.groupJid === group.jid)).toBe(true);
    await s(() => receipts.some((r) => r.messageId === first && r.status === 'read'), 'forward receipt');
    expect(receipts.filter((r) => r.messageId === first).map((r) => r.status)).toEqual(['delivered', 'read']);

    // A second post reuses the sender key members already have.
    const second = t.channel.newMessageId();
    await t.channel.send({ messageId: second, jid: group.jid, text: 'Segunda oferta' });
    const m2 = await ana.waitForMessage((m) => m.id === second);
    expect(m2.message.conversation || m2.message.extendedTextMessage?.text).toBe('Segunda oferta');
    expect(t.wa.errors).toEqual([]);
  });

  it('messages in groups reach the chat stream (quote, mention, photo) and never the replies stream', async () => {
    const t = await linked();
    const ana = t.wa.contact('5511911110001', { name: 'Ana' });
    const group = t.wa.createGroup({ subject: 'Promoções', members: [[t.account, 'superadmin'], ana] });
    const ours = t.channel.newMessageId();
    await t.channel.send({ messageId: ours, jid: group.jid, text: 'Chegou café novo' });
    await ana.waitForMessage((m) => m.id === ours);

    const quoteId = await t.wa.postToGroup(ana, group, { text: 'Quanto custa?', quotedId: ours, quotedFrom: group.memberJid(t.account) });
    const mentionId = await t.wa.postToGroup(ana, group, { text: '@Loja tem entrega?', mentions: [group.memberJid(t.account)] });
    const plainId = await t.wa.postToGroup(ana, group, { text: 'bom dia' });
    const photoId = await t.wa.postToGroup(ana, group, { text: 'Olha essa', image: { data: Buffer.from('89504e470d0a1a0a', 'hex'), mimetype: 'image/png' } });

    const byId = (id: string) => s(() => t.seen.chat.find((m) => m.messageId === id), id);
    expect(await byId(quoteId)).toMatchObject({ chatJid: group.jid, isGroup: true, fromMe: false, text: 'Quanto custa?', quotedMessageId: ours, mentionsMe: false });
    expect(await byId(mentionId)).toMatchObject({ text: '@Loja tem entrega?', mentionsMe: true });
    expect(await byId(plainId)).toMatchObject({ text: 'bom dia', mentionsMe: false });
    const photo = await byId(photoId);
    expect(photo).toMatchObject({ text: 'Olha essa', image: { mimetype: 'image/png' } });
    expect(photo.senderJid).toBe(group.memberJid(ana));
    // Our own post is not echoed as someone's message, and nothing in a group is a reply.
    expect(t.seen.chat.some((m) => m.messageId === ours)).toBe(false);
    expect(t.seen.inbound).toEqual([]);
  });
});

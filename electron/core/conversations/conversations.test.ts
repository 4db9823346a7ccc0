import { describe, expect, it, vi } from 'vitest';
import type { SimulatorBehaviorInput } from '../../../shared/api/methods/numbers';
import { useTempCore } from '../../../tests/helpers/core';
import { fastDraft, seedContacts, testPhone } from '../campaigns/engine/testing/fixtures';
import { readLedger, hashText } from '../channels/simulator';
import { simulatorLedgerFor } from '../numbers/channel-registry';
import type { ConversationRow } from '../../../shared/api/methods/conversations';
import { replyJournalUid } from './reply-sender';
import { createCore } from '../core';
import { silentLogger } from '../log/logger';

vi.stubEnv('RECADO_AUTO_BACKUP', 'off');
const t = useTempCore({ prefix: 'recado-conversations-' });
const QUIET: SimulatorBehaviorInput = { deliveredProb: 0, readProb: 0, replyProb: 0, optOutProb: 0, failProb: 0, invalidProb: 0, sendLatencyMs: [0, 0], receiptDelayMs: [0, 0], connectDelayMs: 0 };

async function simulator(config: { behavior?: SimulatorBehaviorInput; dailyCap?: number } = {}) {
  const n = await t.call('numbers.addSimulator', { behavior: config.behavior ?? QUIET });
  if (config.dailyCap) await t.call('numbers.update', { id: n.id, dailyCap: config.dailyCap });
  await vi.waitFor(async () => expect((await t.call('numbers.list')).find((x) => x.id === n.id)?.status).toBe('connected'));
  return n.id;
}

async function arrive(numberId: number, phone: string, text: string): Promise<ConversationRow> {
  await t.call('numbers.simulateReply', { id: numberId, phone, text });
  let row: ConversationRow | undefined;
  await vi.waitFor(async () => {
    const list = await t.call('conversations.list', { filter: 'all' });
    row = list.rows.find((r) => r.lastPreview === text);
    expect(row).toBeDefined();
  });
  return row!;
}

const ledgerOf = (numberId: number) => readLedger(simulatorLedgerFor(t.dir, numberId));

describe('conversations: the thread', () => {
  it('files a message from someone in no contact list as "Novo contato", unread, and counts it', async () => {
    const numberId = await simulator();
    const row = await arrive(numberId, '+55 11 98888-7777', 'Oi, vi o anúncio. Vocês entregam?');
    expect(row).toMatchObject({ isNew: true, name: null, phone: '+5511988887777', unread: 1, status: 'open', numberId, simulated: true, lastDirection: 'in' });
    expect(await t.call('conversations.counts')).toEqual({ unread: 1, needsHuman: 0, open: 1 });
    const detail = await t.call('conversations.get', { id: row.id });
    expect(detail.items).toMatchObject([{ kind: 'inbound', text: 'Oi, vi o anúncio. Vocês entregam?' }]);
    expect(detail.blockedReason).toBeNull();
    expect(detail.numbers[0]).toMatchObject({ id: numberId, connected: true });
    expect(await t.call('conversations.markRead', { id: row.id })).toMatchObject({ unread: 0 });
    // A second message goes to the same thread.
    await arrive(numberId, '5511988887777', 'Alô?');
    const list = await t.call('conversations.list');
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ unread: 1, lastPreview: 'Alô?' });
  });

  it('shows what the campaign sent (campaign, variation, receipts) next to what the contact wrote', async () => {
    const numberId = await simulator({ behavior: { ...QUIET, deliveredProb: 1 } });
    const { listId } = seedContacts(t.core.context.db, { list: 'Clientes', count: 1 });
    const { id } = await t.call('campaigns.create', { draft: { ...fastDraft({ listIds: [listId], numberIds: [numberId] }), name: 'Promo de sábado' } });
    await t.call('campaigns.start', { id });
    await vi.waitFor(async () => expect((await t.call('campaigns.runState', { id })).status).toBe('finished'), { timeout: 10_000 });
    const row = await arrive(numberId, testPhone(0), 'Quero!');
    expect(row).toMatchObject({ isNew: false, name: 'Cliente 0', campaignId: id, campaignName: 'Promo de sábado' });
    const detail = await t.call('conversations.get', { id: row.id });
    expect(detail.items.map((i) => i.kind)).toEqual(['campaign', 'inbound']);
    expect(detail.items[0]).toMatchObject({ kind: 'campaign', campaignName: 'Promo de sábado', variation: '1', text: expect.stringMatching(/^(Olá|Oi) Cliente0!$/) });
    await vi.waitFor(async () => {
      const d = await t.call('conversations.get', { id: row.id });
      expect(d.items[0]).toMatchObject({ state: 'delivered', deliveredAt: expect.any(Number) });
    });
  });

  it('"Concluir" files the thread away; a new message reopens it', async () => {
    const numberId = await simulator();
    const row = await arrive(numberId, '+5511977776666', 'Obrigado!');
    await t.call('conversations.setDone', { id: row.id, done: true });
    expect((await t.call('conversations.list', { filter: 'open' })).total).toBe(0);
    expect((await t.call('conversations.list', { filter: 'done' })).total).toBe(1);
    await arrive(numberId, '+5511977776666', 'Ah, mais uma coisa');
    expect((await t.call('conversations.list', { filter: 'open' })).rows).toMatchObject([{ id: row.id, status: 'open' }]);
  });
});

describe('conversations: labels', () => {
  it('shows the contact\'s labels on the thread and filters the inbox by label', async () => {
    const numberId = await simulator();
    seedContacts(t.core.context.db, { list: 'Clientes', count: 2 });
    const quente = await arrive(numberId, testPhone(0), 'Quanto custa?');
    const frio = await arrive(numberId, testPhone(1), 'Não tenho interesse agora');
    const stranger = await arrive(numberId, '+5511966665555', 'Oi?');
    const { tagId } = await t.call('contacts.addTag', { contactIds: [quente.contactId!], name: 'quente' });
    const onlyHot = await t.call('conversations.list', { filter: 'all', tagId });
    expect(onlyHot.total).toBe(1);
    expect(onlyHot.rows).toMatchObject([{ id: quente.id, tags: [{ id: tagId, name: 'quente' }] }]);
    const all = await t.call('conversations.list', { filter: 'all' });
    expect(all.rows.find((r) => r.id === frio.id)?.tags).toEqual([]);
    expect(all.rows.find((r) => r.id === stranger.id)).toMatchObject({ contactId: null, tags: [] });
    expect(await t.call('conversations.get', { id: quente.id })).toMatchObject({ tags: [{ id: tagId, name: 'quente' }] });
    await t.call('contacts.removeTag', { contactId: quente.contactId!, tagId });
    expect((await t.call('conversations.list', { filter: 'all', tagId })).total).toBe(0);
  });
});

describe('conversations: replying', () => {
  it('sends through the number the contact wrote to; the recipient gets exactly that text, once', async () => {
    const numberId = await simulator({ behavior: { ...QUIET, deliveredProb: 1 } });
    const row = await arrive(numberId, '+5511966665555', 'Qual o horário?');
    const input = { id: row.id, clientKey: 'reply-key-0001', text: 'Das 9h às 18h 😊' };
    const item = await t.call('conversations.send', input);
    expect(item).toMatchObject({ kind: 'reply', origin: 'manual', state: 'sent', text: 'Das 9h às 18h 😊' });
    // The same request again (a double click, a reconnect): the first message, not a second one.
    const again = await t.call('conversations.send', input);
    expect(again.id).toBe(item.id);
    const ledger = ledgerOf(numberId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ jid: '5511966665555@s.whatsapp.net', textSha256: hashText('Das 9h às 18h 😊') });
    // The day's count of the number moved (the daily cap counts replies), by one.
    const day = t.core.context.db.prepare<[], { attempts: number }>('SELECT attempts FROM number_daily_counters').get();
    expect(day?.attempts).toBe(1);
    // The receipt moves the reply forward.
    await vi.waitFor(async () => {
      const d = await t.call('conversations.get', { id: row.id });
      expect(d.items.at(-1)).toMatchObject({ kind: 'reply', state: 'delivered' });
    });
    const list = await t.call('conversations.list');
    expect(list.rows[0]).toMatchObject({ lastDirection: 'out', lastPreview: 'Das 9h às 18h 😊' });
  });

  it('a reply the channel refuses comes back as failed, with the reason, not thrown: nothing went out and the day keeps its slot', async () => {
    // The simulated contact writes in, but their phone has no WhatsApp: the send is refused.
    const numberId = await simulator({ behavior: { ...QUIET, invalidProb: 1 } });
    const row = await arrive(numberId, '+5511955554444', 'Oi?');
    const item = await t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0003', text: 'Oi! Tudo bem?' });
    // The reply box reads this answer to keep the text for another try (reply-outcome.ts).
    expect(item).toMatchObject({ kind: 'reply', state: 'failed', error: 'Este número não tem WhatsApp.' });
    expect(ledgerOf(numberId)).toEqual([]);
    const day = t.core.context.db.prepare<[], { attempts: number }>('SELECT attempts FROM number_daily_counters').get();
    expect(day?.attempts ?? 0).toBe(0);
  });

  it("a simulated number's random failures never hit a reply typed by a person (nothing would resend it)", async () => {
    const numberId = await simulator({ behavior: { ...QUIET, failProb: 1 } });
    const row = await arrive(numberId, '+5511944443333', 'Tem horário amanhã?');
    const item = await t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0004', text: 'Tem sim, às 10h.' });
    expect(item).toMatchObject({ kind: 'reply', state: 'sent' });
    expect(ledgerOf(numberId)).toHaveLength(1);
  });

  it('sends an attachment with its caption', async () => {
    const numberId = await simulator();
    const row = await arrive(numberId, '+5511955554444', 'Tem catálogo?');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const ref = await t.call('attachments.add', { fileName: 'catalogo.png', mimeType: 'image/png', dataBase64: png.toString('base64') });
    const item = await t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0002', text: 'Segue!', attachment: ref });
    expect(item).toMatchObject({ state: 'sent', attachment: { fileName: 'catalogo.png', kind: 'image' } });
    expect(ledgerOf(numberId)).toMatchObject([{ attachment: 'image', textSha256: hashText('Segue!') }]);
  });

  it("an attachment counts against the number's daily cap and is refused to a contact who opted out", async () => {
    const numberId = await simulator({ dailyCap: 1 });
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const ref = await t.call('attachments.add', { fileName: 'foto.png', mimeType: 'image/png', dataBase64: png.toString('base64') });
    const pdf = await t.call('attachments.add', { fileName: 'tabela.pdf', mimeType: 'application/pdf', dataBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') });
    const row = await arrive(numberId, '+5511955553333', 'Manda foto?');
    // A file without text goes too, and the day's count moves by one.
    const item = await t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0010', text: '', attachment: ref });
    expect(item).toMatchObject({ state: 'sent', text: '', attachment: { fileName: 'foto.png' } });
    expect((await t.call('conversations.list')).rows[0]).toMatchObject({ lastDirection: 'out', lastPreview: '📎 foto.png' });
    await expect(t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0011', text: 'E a tabela', attachment: pdf })).rejects.toMatchObject({ code: 'conversations.daily_cap' });
    expect(ledgerOf(numberId)).toMatchObject([{ attachment: 'image' }]);

    const other = await simulator();
    const out = await arrive(other, '+5511955552222', 'Oi');
    await arrive(other, '+5511955552222', 'SAIR');
    const before = ledgerOf(other).length;
    await expect(t.call('conversations.send', { id: out.id, clientKey: 'reply-key-0012', text: '', attachment: pdf })).rejects.toMatchObject({ code: 'conversations.opted_out' });
    expect(ledgerOf(other)).toHaveLength(before);
    expect((await t.call('conversations.get', { id: out.id })).items.filter((i) => i.kind === 'reply')).toEqual([]);
  });

  it('refuses a contact who opted out, and says why', async () => {
    const numberId = await simulator();
    const row = await arrive(numberId, '+5511944443333', 'Oi');
    await arrive(numberId, '+5511944443333', 'SAIR');
    const detail = await t.call('conversations.get', { id: row.id });
    expect(detail.optedOut).toBe(true);
    expect(detail.blockedReason).toMatch(/^Este contato pediu para não receber mais mensagens \(respondeu "SAIR" em .+\)\./);
    await expect(t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0003', text: 'Tem certeza?' })).rejects.toMatchObject({
      code: 'conversations.opted_out',
      message: detail.blockedReason,
    });
    // Only the opt-out confirmation went out (engine, once); nothing from the inbox.
    expect(ledgerOf(numberId).length).toBeLessThanOrEqual(1);
  });

  it("counts against the number's daily cap, not against campaign pacing", async () => {
    const numberId = await simulator({ dailyCap: 1 });
    const row = await arrive(numberId, '+5511933332222', 'Oi');
    const pacerBefore = t.core.context.db.prepare<[number], { state: string }>('SELECT state FROM number_pacing WHERE number_id = ?').get(numberId);
    await t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0004', text: 'Olá!' });
    const pacer = JSON.parse(t.core.context.db.prepare<[number], { state: string }>('SELECT state FROM number_pacing WHERE number_id = ?').get(numberId)!.state);
    expect(pacer.sentToday).toBe(1);
    // The campaign pace (last send, gap, batches) did not move.
    expect(pacer.lastSentAt).toBe(pacerBefore ? JSON.parse(pacerBefore.state).lastSentAt : null);
    expect(pacer.recent).toEqual([]);
    await expect(t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0005', text: 'Mais uma' })).rejects.toMatchObject({
      code: 'conversations.daily_cap',
      params: { sent: 1, cap: 1 },
    });
    expect(ledgerOf(numberId)).toHaveLength(1);
    expect((await t.call('conversations.get', { id: row.id })).items.filter((i) => i.kind === 'reply')).toHaveLength(1);
  });

  it('a number that is not connected: nothing stored, a clear message', async () => {
    const numberId = await simulator();
    const row = await arrive(numberId, '+5511922221111', 'Oi');
    await t.call('numbers.update', { id: numberId, label: 'Loja' });
    const channel = t.core.services.engine.engine.directChannel(numberId);
    await channel.stop();
    await expect(t.call('conversations.send', { id: row.id, clientKey: 'reply-key-0006', text: 'Oi' })).rejects.toMatchObject({ code: 'numbers.not_connected' });
    expect((await t.call('conversations.get', { id: row.id })).items.filter((i) => i.kind === 'reply')).toHaveLength(0);
  });

  it('quick replies fill in the contact\'s variables', async () => {
    const numberId = await simulator();
    seedContacts(t.core.context.db, { count: 1, fields: () => ({ cidade: 'Campinas' }) });
    const row = await arrive(numberId, testPhone(0), 'Oi');
    const q = await t.call('quickReplies.create', { title: 'Boas-vindas', text: 'Oi {primeiro_nome}! Entregamos em {cidade:sua cidade}.' });
    expect(await t.call('conversations.renderQuickReply', { id: row.id, quickReplyId: q.id })).toEqual({ text: 'Oi Cliente0! Entregamos em Campinas.' });
    await expect(t.call('quickReplies.create', { title: 'boas-vindas', text: 'x' })).rejects.toMatchObject({ code: 'quickreplies.duplicate' });
    // A "Novo contato" gets the fallbacks.
    const stranger = await arrive(numberId, '+5511911110000', 'Olá');
    expect(await t.call('conversations.renderQuickReply', { id: stranger.id, quickReplyId: q.id })).toEqual({ text: 'Oi! Entregamos em sua cidade.' });
  });
});

describe('conversations: at most once across a crash', () => {
  it('a reply left "sending" becomes uncertain if the journal shows it reached the channel, failed if it never did', async () => {
    const numberId = await simulator();
    const row = await arrive(numberId, '+5511900001111', 'Oi');
    const { store } = t.core.services.conversations;
    const conv = store.get(row.id);
    const at = Date.now();
    // Two replies a crash left in "sending": one journalled (handed to the channel), one not.
    const reached = store.insertSending({ conversationId: conv.id, numberId, clientKey: null, messageId: 'SIMREACHED01', origin: 'manual', aiDraft: false, text: 'a', attachment: null, jid: conv.jid, at });
    const never = store.insertSending({ conversationId: conv.id, numberId, clientKey: null, messageId: 'SIMNEVER0001', origin: 'manual', aiDraft: false, text: 'b', attachment: null, jid: conv.jid, at });
    const journal = t.core.services.journal!.journal;
    await journal.intent({ campaign: replyJournalUid(at), phone: conv.phone_key!, messageId: 'SIMREACHED01', numberId, variation: null, at });
    await journal.flush();
    const dir = t.dir;
    await t.core.close();
    const core = createCore({ dataDir: dir, mode: 'browser', logger: silentLogger() });
    try {
      const db = core.context.db;
      const state = (id: number) => db.prepare<[number], { state: string; error_reason: string }>('SELECT state, error_reason FROM conversation_messages WHERE id = ?').get(id)!;
      expect(state(reached.id)).toMatchObject({ state: 'uncertain', error_reason: expect.stringContaining('não dá para saber') });
      expect(state(never.id)).toMatchObject({ state: 'failed', error_reason: expect.stringContaining('ela não saiu') });
    } finally {
      await core.close();
    }
  });
});

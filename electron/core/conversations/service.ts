/**
 * Wires conversations into a running core: inbound messages filed in threads (after the
 * engine's opt-out handling), replies through the at-most-once send path, receipts of those
 * replies, quick replies, the reply assistant, and the `conversations.*`, `quickReplies.*` and
 * `assistant.*` handlers. Built by the composition root (services.ts) after the campaign engine.
 */
import path from 'node:path';
import type { CoreContext } from '../context';
import type { Handlers } from '../rpc/dispatcher';
import { ApiError } from '../../../shared/api/errors';
import type { AiUsage, ConversationDetail, HandoffReason, ThreadItem } from '../../../shared/api/methods/conversations';
import type { CampaignEngine } from '../campaigns/engine/engine';
import type { CampaignJournal } from '../campaigns/journal/campaign-journal';
import { AiService } from '../ai/ai-service';
import type { Notifications } from '../notifications/notify';
import { firstNameOf } from '../leads/names';
import { ConversationStore } from './conversation-store';
import { acceptsForConversation } from './inbound-pipeline';
import { QuickReplies, renderForContact } from './quick-replies';
import { ReplySender, type DirectSendPort } from './reply-sender';
import { blockedReason, readThread } from './thread';
import { CloudReplies, WINDOW_CLOSED_MESSAGE } from './cloud-reply';
import { AssistantSettingsStore } from './assistant/assistant-settings';
import { ReplyAssistant, type AiChat } from './assistant/reply-assistant';

type ConversationMethods = Extract<keyof Handlers, `conversations.${string}` | `quickReplies.${string}` | `assistant.${string}`>;

export interface ConversationsOptions {
  /** Replaces the AI service (tests: a stand-in server with other options). */
  ai?: AiChat & { usage(): AiUsage };
  /** The reply assistant's quiet time before answering a burst (default 4 s). */
  settleMs?: number;
  now?: () => number;
}

export interface ConversationsDeps {
  engine: CampaignEngine;
  /** The send journal; null in the CLI. */
  journal: CampaignJournal | null;
  notifications: Notifications;
}

export interface Conversations {
  store: ConversationStore;
  sender: ReplySender;
  assistant: ReplyAssistant;
  settings: AssistantSettingsStore;
  quick: QuickReplies;
  cloud: CloudReplies;
  ai: AiChat & { usage(): AiUsage };
  now: () => number;
  /** Stops listening to the engine, then lets the assistant and the AI service finish. */
  close(): Promise<void>;
}

const HANDOFF_TEXT: Record<HandoffReason, string> = {
  asked_human: 'o contato pediu para falar com uma pessoa',
  price: 'o contato quer negociar o preço',
  complaint: 'o contato está reclamando',
  unsure: 'o assistente não teve certeza da resposta',
  limit: 'o assistente já respondeu o máximo de vezes combinado para este contato',
  outside_window: 'a mensagem chegou fora do horário do assistente',
  ai_error: 'a IA não respondeu',
  ai_limit: 'o limite diário de IA do plano acabou',
  send_failed: 'a resposta automática não pôde ser enviada',
};

const changedBy =
  (ctx: CoreContext) =>
  (id: number | null, reason: 'inbound' | 'sent' | 'receipt' | 'state' | 'assistant'): void =>
    ctx.events.emit('conversations.changed', { id, reason });

/** Files inbound messages and receipts in threads (not in the CLI) and runs the reply assistant. */
export function createConversations(ctx: CoreContext, deps: ConversationsDeps, options: ConversationsOptions = {}): Conversations {
  const { engine } = deps;
  const logger = ctx.logger.child({ capability: 'conversations' });
  const now = options.now ?? Date.now;
  const store = new ConversationStore(ctx.db, now);
  const quick = new QuickReplies(ctx.db, now);
  const timeZone = () => ctx.settings.get().timeZone;
  const settings = new AssistantSettingsStore(ctx.db, timeZone, now);
  const journal = deps.journal?.journal ?? null;
  const changed = changedBy(ctx);
  const port: DirectSendPort = engine;
  const cloud = new CloudReplies(ctx.db, now, path.join(ctx.dataDir, 'attachments'));
  const sender = new ReplySender({
    db: ctx.db,
    store,
    port,
    dataDir: ctx.dataDir,
    logger,
    timeZone,
    journal,
    now,
    onChange: (id) => changed(id, 'sent'),
    assertFreeForm: (numberId, conv) => cloud.assertFreeFormAllowed(numberId, conv),
  });
  const aiService = options.ai ? null : new AiService(ctx);
  const ai = options.ai ?? aiService!;
  const assistant = new ReplyAssistant({
    db: ctx.db,
    store,
    settings,
    sender,
    ai,
    logger,
    businessName: () => ctx.settings.get().businessName,
    onHandoff: (id, reason) =>
      deps.notifications.notify('conversation.handoff', 'Uma conversa precisa de você', `O assistente de respostas passou uma conversa para você: ${HANDOFF_TEXT[reason]}.`, `#/respostas/${id}`, { reason }),
    onChange: (id) => changed(id, 'assistant'),
    now,
    ...(options.settleMs !== undefined ? { settleMs: options.settleMs } : {}),
  });
  const offs: Array<() => void> = [];
  if (ctx.mode !== 'cli') {
    sender.recover(journal?.existedBefore ?? false);
    const offInbound = engine.onInboundProcessed((numberId, ev, outcome) => {
      if (!acceptsForConversation(ev)) return;
      const id = store.recordInbound(numberId, ev, outcome);
      changed(id, 'inbound');
      assistant.onInbound(id, numberId, outcome);
    });
    const offReceipts = engine.subscribeChannels((e) => {
      if (e.event !== 'receipt') return;
      // 131047: Meta took the message, then found the 24-hour window closed (the same words as Recado's own check).
      const reason = e.payload.code === '131047' ? WINDOW_CLOSED_MESSAGE : undefined;
      const id = store.receipt(e.payload.messageId, e.payload.status, e.payload.at || now(), e.payload.code, reason);
      if (id !== null) changed(id, 'receipt');
    });
    offs.push(offInbound, offReceipts);
  }
  return {
    store,
    sender,
    assistant,
    settings,
    quick,
    cloud,
    ai,
    now,
    async close() {
      for (const off of offs) off();
      // As before, the CLI (which never listened) leaves the assistant and the AI service alone.
      if (ctx.mode === 'cli') return;
      await assistant.close();
      await aiService?.close();
    },
  };
}

export function conversationHandlers(ctx: CoreContext, conversations: Conversations): Pick<Handlers, ConversationMethods> {
  const { store, sender, assistant, settings, quick, cloud, ai, now } = conversations;
  const logger = ctx.logger.child({ capability: 'conversations' });
  const timeZone = () => ctx.settings.get().timeZone;
  const changed = changedBy(ctx);

  const detail = (id: number): ConversationDetail => {
    const conv = store.get(id);
    const row = store.row(id);
    const { items, truncated } = readThread(ctx.db, id, row.contactId);
    const numbers = ctx.db
      .prepare<[], { id: number; label: string; kind: string; status: string }>('SELECT id, label, kind, status FROM numbers ORDER BY id')
      .all()
      .map((n) => ({
        id: n.id,
        label: n.label,
        simulated: n.kind === 'simulator',
        connected: n.status === 'connected',
        serviceWindow: n.kind === 'cloud' ? cloud.window(n.id, conv) : null,
      }))
      .sort((a, b) => Number(b.id === conv.number_id) - Number(a.id === conv.number_id));
    const latest = ctx.db.prepare<[number], { id: number }>('SELECT id FROM inbound_messages WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT 1').get(id);
    const resolved = settings.resolve(conv.campaign_id, conv.number_id);
    return {
      ...row,
      items,
      truncated,
      blockedReason: blockedReason(ctx.db, conv.phone_key, timeZone()),
      numbers,
      serviceWindow: conv.number_id !== null ? cloud.window(conv.number_id, conv) : null,
      latestInboundId: latest?.id ?? null,
      assistant: resolved
        ? { mode: resolved.mode, scope: resolved.scope, paused: conv.assistant_paused === 1, autoReplies: conv.auto_replies, maxAuto: resolved.maxAuto }
        : null,
      suggestion: conv.suggestion,
    };
  };

  const replyItem = (conversationId: number, replyId: number): ThreadItem => {
    const item = readThread(ctx.db, conversationId, store.row(conversationId).contactId).items.find((i) => i.kind === 'reply' && i.id === replyId);
    if (!item) throw new ApiError('conversations.not_found', 'Esta conversa não existe mais. Atualize a lista de conversas.');
    return item;
  };

  return {
    'conversations.list': (input) => store.list(input ?? {}),
    'conversations.get': ({ id }) => detail(id),
    'conversations.counts': () => store.counts(),
    'conversations.markRead': ({ id }) => {
      store.markRead(id);
      changed(id, 'state');
      return store.counts();
    },
    'conversations.setDone': ({ id, done }) => {
      store.setDone(id, done);
      changed(id, 'state');
      return store.row(id);
    },
    'conversations.send': async (input) => {
      const r = await sender.send({
        conversationId: input.id,
        clientKey: input.clientKey,
        text: input.text,
        attachment: input.attachment ?? null,
        ...(input.numberId !== undefined ? { numberId: input.numberId } : {}),
        origin: 'manual',
        aiDraft: input.aiDraft === true,
      });
      logger.info({ conversationId: input.id, state: r.state, attachment: !!r.attachment }, 'reply sent from the inbox');
      return replyItem(input.id, r.id);
    },
    'conversations.handoff': ({ id, needsHuman, resumeAssistant }) => {
      store.settleHandoff(id, needsHuman, resumeAssistant === true);
      changed(id, 'state');
      return store.row(id);
    },
    'conversations.saveContact': ({ id, name }) => {
      const conv = store.get(id);
      if (!conv.phone_key) throw new ApiError('conversations.no_phone', 'Este contato escreveu sem mostrar o número de telefone; não dá para salvá-lo nos contatos.');
      const t = now();
      const clean = name?.trim().replace(/\s+/g, ' ') || null;
      ctx.db.transaction(() => {
        const existing = ctx.db.prepare<[string], { id: number }>('SELECT id FROM contacts WHERE phone_key = ?').get(conv.phone_key!);
        if (existing) {
          if (clean) ctx.db.prepare('UPDATE contacts SET name = ?, first_name = ?, updated_at = ? WHERE id = ?').run(clean, firstNameOf(clean), t, existing.id);
          return;
        }
        ctx.db
          .prepare(`INSERT INTO contacts (phone_key, name, first_name, status, consent_source, consent_at, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?, ?)`)
          .run(conv.phone_key!, clean, firstNameOf(clean), 'Mensagem recebida no WhatsApp', t, t, t);
      })();
      ctx.events.emit('contacts.changed', { reason: 'update' });
      changed(id, 'state');
      return store.row(id);
    },
    'conversations.templatePreview': ({ id, numberId, templateId, mapping }) => {
      const conv = store.get(id);
      const via = numberId ?? conv.number_id;
      if (via === null) throw new ApiError('conversations.no_number', 'Não sabemos por qual número este contato escreveu. Escolha um número para responder.');
      return cloud.preview(via, templateId, mapping, conv, timeZone());
    },
    'conversations.sendTemplate': async (input) => {
      const conv = store.get(input.id);
      const via = input.numberId ?? conv.number_id;
      if (via === null) throw new ApiError('conversations.no_number', 'Não sabemos por qual número este contato escreveu. Escolha um número para responder.');
      // A retry of a message the core already took answers with it, even if the template changed since.
      const existing = store.replyByClientKey(input.clientKey);
      const filled = existing ? null : cloud.render(via, input.templateId, input.mapping, conv, timeZone());
      const r = await sender.send({
        conversationId: input.id,
        clientKey: input.clientKey,
        text: filled?.text ?? existing?.text ?? '',
        numberId: via,
        origin: 'manual',
        ...(filled ? { template: filled.template } : {}),
      });
      logger.info({ conversationId: input.id, state: r.state, template: filled?.template.name }, 'template reply sent from the inbox');
      return replyItem(input.id, r.id);
    },
    'conversations.renderQuickReply': ({ id, quickReplyId }) => {
      const conv = store.get(id);
      const q = quick.get(quickReplyId);
      const contact = conv.phone_key
        ? ctx.db.prepare<[string], { name: string | null; first_name: string | null; phone_key: string; fields: string | null }>('SELECT name, first_name, phone_key, fields FROM contacts WHERE phone_key = ?').get(conv.phone_key)
        : undefined;
      return { text: renderForContact(q.text, contact ?? null, conv.phone_key, timeZone(), now()) };
    },
    'conversations.suggest': async ({ id }) => {
      const text = await assistant.suggestNow(id);
      if (!text) throw new ApiError('assistant.no_suggestion', 'O assistente não conseguiu sugerir uma resposta desta vez. Escreva a resposta ou tente de novo.');
      return { text };
    },

    'quickReplies.list': () => quick.list(),
    'quickReplies.create': (input) => quick.create(input),
    'quickReplies.update': (input) => quick.update(input),
    'quickReplies.delete': ({ id }) => {
      quick.delete(id);
      return { ok: true as const };
    },

    'assistant.overview': () => ({
      profile: settings.profile(),
      usage: ai.usage(),
      numbers: ctx.db
        .prepare<[], { id: number; label: string; kind: string }>('SELECT id, label, kind FROM numbers ORDER BY id')
        .all()
        .map((n) => ({ id: n.id, label: n.label, simulated: n.kind === 'simulator', settings: settings.get({ numberId: n.id }) })),
      campaigns: settings.campaignsWithSettings(),
    }),
    'assistant.usage': () => ai.usage(),
    'assistant.setProfile': (input) => settings.setProfile(input),
    'assistant.setSettings': ({ scope, settings: s }) => {
      const out = settings.set(scope, s);
      logger.info({ scope: 'campaignId' in scope ? 'campaign' : 'number', mode: out.mode }, 'reply assistant settings saved');
      changed(null, 'assistant');
      return out;
    },
  };
}

/**
 * The AI reply assistant. For each message a contact writes (after the opt-out was handled):
 * - "sugerir": drafts an answer into the reply box; a person sends it;
 * - "automático": answers by itself, within the guards of ./guards.ts, and hands the thread to a
 *   person ("precisa de você" + a notification) when the contact asks for one, negotiates,
 *   complains, or the model is unsure (a refusal, garbage, an invented price, an error).
 * Messages written in a quick burst are answered once (after `settleMs` of quiet), one thread at
 * a time. An automatic answer is sent with the client key `auto-<inbound id>`, so the same
 * message is never answered twice, whatever happens in between.
 */
import type { Db } from '../../db/open';
import type { Logger } from '../../log/logger';
import type { InboundOutcome } from '../../inbound/inbound';
import type { ChatMessage } from '../../ai/prompts';
import { ApiError, isApiErrorShape } from '../../../../shared/api/errors';
import type { HandoffReason } from '../../../../shared/api/methods/conversations';
import type { ConversationStore } from '../conversation-store';
import type { ReplySender } from '../reply-sender';
import { readThread } from '../thread';
import type { AssistantSettingsStore } from './assistant-settings';
import { decideAutomatic, handoffTrigger, inventedPrices } from './guards';
import { assistantMessages, readDraft, readVerdict, type Turn } from './prompt';

export interface AiChat {
  chat(messages: ChatMessage[], options?: { signal?: AbortSignal }): Promise<{ text: string; finishReason: string | null }>;
}

export interface ReplyAssistantOptions {
  db: Db;
  store: ConversationStore;
  settings: AssistantSettingsStore;
  sender: ReplySender;
  ai: AiChat;
  logger: Logger;
  businessName: () => string;
  /** A thread was handed to a person (notify them). */
  onHandoff: (conversationId: number, reason: HandoffReason) => void;
  onChange: (conversationId: number) => void;
  now?: () => number;
  /** Quiet time before answering a burst of messages (default 4 s). */
  settleMs?: number;
  /** Messages older than this (replayed after the PC was off) are left to a person (default 30 min). */
  maxAgeMs?: number;
  /**
   * The longest the assistant waits for the model (default 45 s). A slow local model must not
   * leave a customer waiting with nobody told: past this, the thread goes to a person.
   */
  answerTimeoutMs?: number;
}

export const DEFAULT_ANSWER_TIMEOUT_MS = 45_000;

export class ReplyAssistant {
  private readonly timers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly chains = new Map<number, Promise<void>>();
  private readonly controller = new AbortController();
  private closed = false;
  private readonly now: () => number;
  private ai: AiChat;
  private answerTimeoutMs: number;

  constructor(private readonly opts: ReplyAssistantOptions) {
    this.now = opts.now ?? Date.now;
    this.ai = opts.ai;
    this.answerTimeoutMs = opts.answerTimeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
  }

  /** Another AI client from now on (tests: a stand-in with a short timeout or counted usage). */
  useAi(ai: AiChat, options: { answerTimeoutMs?: number } = {}): void {
    this.ai = ai;
    if (options.answerTimeoutMs !== undefined) this.answerTimeoutMs = options.answerTimeoutMs;
  }

  /** A message was filed in `conversationId` (the opt-out already handled). */
  onInbound(conversationId: number, numberId: number | null, outcome: InboundOutcome): void {
    if (this.closed) return;
    const conv = this.opts.store.find(conversationId);
    if (!conv) return;
    if (!this.opts.settings.resolve(conv.campaign_id, numberId ?? conv.number_id)) return;
    // Opt-out first: the engine confirmed it once; nothing else is said to them, ever.
    if (outcome.optOutKeyword !== null || this.optedOut(conv.phone_key)) {
      this.opts.store.setSuggestion(conversationId, null, null);
      return;
    }
    const prev = this.timers.get(conversationId);
    if (prev) clearTimeout(prev);
    const timer = setTimeout(() => {
      this.timers.delete(conversationId);
      this.enqueue(conversationId, outcome.inboundId);
    }, this.opts.settleMs ?? 4000);
    timer.unref?.();
    this.timers.set(conversationId, timer);
  }

  /** Drafts an answer now (the "Sugerir resposta" button). */
  async suggestNow(conversationId: number): Promise<string> {
    const conv = this.opts.store.get(conversationId);
    const { text } = await this.ask(conversationId, conv.phone_key);
    const draft = this.draftFrom(text);
    if (!draft) return '';
    const latest = this.latestInbound(conversationId);
    this.opts.store.setSuggestion(conversationId, draft, latest?.id ?? null);
    this.opts.onChange(conversationId);
    return draft;
  }

  /** Waits for work in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.allSettled([...this.chains.values()]);
  }

  /** Runs pending timers now (tests). */
  flushTimers(): void {
    for (const [id, t] of [...this.timers]) {
      clearTimeout(t);
      this.timers.delete(id);
      const latest = this.latestInbound(id);
      if (latest) this.enqueue(id, latest.id);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.controller.abort();
    await this.idle();
  }

  private enqueue(conversationId: number, inboundId: number): void {
    const prev = this.chains.get(conversationId) ?? Promise.resolve();
    const next = prev
      .then(() => this.process(conversationId, inboundId))
      .catch((err: unknown) => this.opts.logger.error({ err, conversationId }, 'reply assistant failed'))
      .finally(() => {
        if (this.chains.get(conversationId) === next) this.chains.delete(conversationId);
      });
    this.chains.set(conversationId, next);
  }

  private async process(conversationId: number, inboundId: number): Promise<void> {
    if (this.closed) return;
    const { store, settings } = this.opts;
    const conv = store.find(conversationId);
    // A later message takes over: it is answered with everything before it.
    if (!conv || this.latestInbound(conversationId)?.id !== inboundId) return;
    const resolved = settings.resolve(conv.campaign_id, conv.number_id);
    if (!resolved) return;
    if (this.optedOut(conv.phone_key)) return;
    const pending = this.unanswered(conversationId);
    const trigger = handoffTrigger(pending.map((m) => m.text).join('\n'));
    const message = this.latestInbound(conversationId)!;

    if (resolved.mode === 'suggest') {
      if (trigger) return this.handoff(conversationId, trigger);
      if (conv.assistant_paused) return;
      try {
        const { text } = await this.ask(conversationId, conv.phone_key);
        const draft = this.draftFrom(text);
        if (draft && !this.closed) {
          store.setSuggestion(conversationId, draft, inboundId);
          this.opts.onChange(conversationId);
        }
      } catch (err) {
        this.opts.logger.warn({ conversationId, code: codeOf(err) }, 'reply assistant: no suggestion');
      }
      return;
    }

    if (store.replyByClientKey(`auto-${inboundId}`)) return;
    const decision = decideAutomatic(
      {
        optedOut: false,
        paused: conv.assistant_paused === 1,
        autoReplies: conv.auto_replies,
        maxAuto: resolved.maxAuto,
        window: resolved.window,
        messageAt: message.at,
        now: this.now(),
        maxAgeMs: this.opts.maxAgeMs ?? 30 * 60_000,
      },
      trigger,
    );
    if (decision.kind === 'silent') {
      this.opts.logger.info({ conversationId, why: decision.why }, 'reply assistant stayed silent');
      return;
    }
    if (decision.kind === 'handoff') return this.handoff(conversationId, decision.reason);

    let raw: { text: string; finishReason: string | null };
    try {
      raw = await this.ask(conversationId, conv.phone_key);
    } catch (err) {
      if (this.closed) return;
      const code = codeOf(err);
      this.opts.logger.warn({ conversationId, code }, 'reply assistant: the model did not answer');
      return this.handoff(conversationId, code === 'ai.daily_limit' ? 'ai_limit' : 'ai_error');
    }
    if (this.closed) return;
    const verdict = readVerdict(raw.text, raw.finishReason);
    if (verdict.kind === 'handoff') return this.handoff(conversationId, verdict.reason);
    if (inventedPrices(verdict.text, settings.profile().description).length) {
      this.opts.logger.warn({ conversationId }, 'reply assistant: answer stated a price the description does not have');
      return this.handoff(conversationId, 'unsure');
    }
    // The world may have moved during the model call: a SAIR, a person taking over, a newer message.
    const now = store.find(conversationId);
    if (!now || now.assistant_paused === 1 || this.optedOut(now.phone_key) || this.latestInbound(conversationId)?.id !== inboundId) return;
    // This message was answered already (it cannot be answered twice, see the class comment).
    if (store.replyByClientKey(`auto-${inboundId}`)) return;
    try {
      const sent = await this.opts.sender.send({ conversationId, clientKey: `auto-${inboundId}`, text: verdict.text, origin: 'auto' });
      if (sent.state === 'failed') return this.handoff(conversationId, 'send_failed');
      store.countAutoReply(conversationId);
      this.opts.logger.info({ conversationId, scope: resolved.scope }, 'reply assistant answered');
    } catch (err) {
      this.opts.logger.warn({ conversationId, code: codeOf(err) }, 'reply assistant: the answer was not sent');
      if (codeOf(err) !== 'conversations.opted_out') this.handoff(conversationId, 'send_failed');
    }
  }

  /** A draft for a person, never one that states a price the description does not have. */
  private draftFrom(raw: string): string | null {
    const draft = readDraft(raw);
    return draft && !inventedPrices(draft, this.opts.settings.profile().description).length ? draft : null;
  }

  /**
   * One model call, cut off after `answerTimeoutMs`: the call is aborted and this rejects with
   * `assistant.timeout` even if the client ignored the abort (a hung call never holds the thread).
   */
  private async ask(conversationId: number, phoneKey: string | null): Promise<{ text: string; finishReason: string | null }> {
    const messages = this.messages(conversationId, phoneKey);
    const deadline = new AbortController();
    const stop = () => deadline.abort();
    this.controller.signal.addEventListener('abort', stop, { once: true });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.opts.logger.warn({ conversationId, timeoutMs: this.answerTimeoutMs }, 'reply assistant: the model took too long');
        reject(new ApiError('assistant.timeout', 'A IA demorou demais para responder. Escreva a resposta ou tente de novo.'));
        deadline.abort();
      }, this.answerTimeoutMs);
    });
    try {
      return await Promise.race([this.ai.chat(messages, { signal: deadline.signal }), late]);
    } finally {
      clearTimeout(timer);
      this.controller.signal.removeEventListener('abort', stop);
    }
  }

  private handoff(conversationId: number, reason: HandoffReason): void {
    if (this.opts.store.raiseHandoff(conversationId, reason)) this.opts.onHandoff(conversationId, reason);
    this.opts.logger.info({ conversationId, reason }, 'reply assistant handed the conversation to a person');
    this.opts.onChange(conversationId);
  }

  private messages(conversationId: number, phoneKey: string | null) {
    const contact = phoneKey ? this.opts.db.prepare<[string], { id: number }>('SELECT id FROM contacts WHERE phone_key = ?').get(phoneKey) : undefined;
    const { items } = readThread(this.opts.db, conversationId, contact?.id ?? null);
    const turns: Turn[] = items
      .filter((i) => i.kind !== 'reply' || i.state !== 'failed')
      .map((i) => ({ from: i.kind === 'inbound' ? 'contact' : 'business', text: i.text }));
    return assistantMessages(this.opts.settings.profile(), this.opts.businessName(), turns);
  }

  /** The contact's messages since our last message to them. */
  private unanswered(conversationId: number): Array<{ id: number; text: string }> {
    return this.opts.db
      .prepare<[number, number], { id: number; text: string }>(
        `SELECT i.id, i.text FROM inbound_messages i WHERE i.conversation_id = ?
         AND i.at > coalesce((SELECT max(coalesce(sent_at, created_at)) FROM conversation_messages WHERE conversation_id = ?), 0)
         ORDER BY i.at, i.id`,
      )
      .all(conversationId, conversationId);
  }

  private latestInbound(conversationId: number): { id: number; at: number; text: string } | undefined {
    return this.opts.db.prepare<[number], { id: number; at: number; text: string }>('SELECT id, at, text FROM inbound_messages WHERE conversation_id = ? ORDER BY at DESC, id DESC LIMIT 1').get(conversationId);
  }

  private optedOut(phoneKey: string | null): boolean {
    if (!phoneKey) return false;
    return this.opts.db.prepare<[string], { status: string }>('SELECT status FROM contacts WHERE phone_key = ?').get(phoneKey)?.status === 'opted_out';
  }
}

function codeOf(err: unknown): string {
  return isApiErrorShape(err) ? err.code : 'internal';
}

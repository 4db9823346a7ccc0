import { z } from 'zod';
import { attachmentRefSchema } from '../../campaigns/schema';
import { slotSourceSchema } from '../../cloud/campaign-schema';
import { method, none } from '../method';

/**
 * Conversations (Respostas): one thread per contact with what we sent (campaigns, replies by
 * hand or by the assistant, with receipts) and what they wrote; replying through the number
 * they wrote to; quick replies; the AI reply assistant and its handoff to a person.
 */

const count = z.number().int().nonnegative();
const id = z.number().int().positive();

export const conversationFilters = ['open', 'unread', 'needs_human', 'done', 'all'] as const;
export type ConversationFilter = (typeof conversationFilters)[number];

/** Why the assistant handed a conversation to a person ("precisa de você"). */
export const handoffReasons = ['asked_human', 'price', 'complaint', 'unsure', 'limit', 'outside_window', 'ai_error', 'ai_limit', 'send_failed'] as const;
export type HandoffReason = (typeof handoffReasons)[number];

export const conversationRowSchema = z.object({
  id: z.number().int(),
  /** Null for someone in no contact record ("Novo contato"). */
  contactId: z.number().int().nullable(),
  name: z.string().nullable(),
  /** E.164, when known (a sender known only by WhatsApp's LID has none). */
  phone: z.string().nullable(),
  /** Nobody in the contacts has this phone: shown as "Novo contato". */
  isNew: z.boolean(),
  optedOut: z.boolean(),
  numberId: z.number().int().nullable(),
  numberLabel: z.string().nullable(),
  simulated: z.boolean(),
  campaignId: z.number().int().nullable(),
  campaignName: z.string().nullable(),
  lastAt: z.number(),
  lastPreview: z.string(),
  lastDirection: z.enum(['in', 'out']),
  unread: count,
  status: z.enum(['open', 'done']),
  needsHuman: z.boolean(),
  handoffReason: z.enum(handoffReasons).nullable(),
  tags: z.array(z.object({ id: z.number().int(), name: z.string() })),
});
export type ConversationRow = z.infer<typeof conversationRowSchema>;

export const messageStates = ['sending', 'sent', 'delivered', 'read', 'failed', 'uncertain', 'queued', 'invalid', 'skipped', 'cancelled'] as const;

/** One bubble of a thread. */
export const threadItemSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('inbound'),
    key: z.string(),
    id: z.number().int(),
    at: z.number(),
    text: z.string(),
    optOut: z.boolean(),
    numberLabel: z.string().nullable(),
    /** The reply counts as a closed deal (with its value in centavos, when given). */
    deal: z.object({ valueCents: z.number().int().nullable() }).nullable(),
  }),
  z.object({
    kind: z.literal('campaign'),
    key: z.string(),
    id: z.number().int(),
    at: z.number(),
    text: z.string(),
    campaignId: z.number().int(),
    campaignName: z.string(),
    /** "1", "2", …, as the wizard numbers the variations. */
    variation: z.string().nullable(),
    state: z.enum(messageStates),
    sentAt: z.number().nullable(),
    deliveredAt: z.number().nullable(),
    readAt: z.number().nullable(),
    numberLabel: z.string().nullable(),
  }),
  z.object({
    kind: z.literal('reply'),
    key: z.string(),
    id: z.number().int(),
    at: z.number(),
    text: z.string(),
    /** manual: typed (or a quick reply) by a person; auto: sent by the AI assistant on its own. */
    origin: z.enum(['manual', 'auto']),
    /** A person sent a draft the assistant suggested. */
    aiDraft: z.boolean(),
    attachment: attachmentRefSchema.nullable(),
    /** The approved template this reply was sent as (Cloud API numbers); `text` is it filled in. */
    template: z.string().nullable(),
    state: z.enum(['sending', 'sent', 'delivered', 'read', 'failed', 'uncertain']),
    error: z.string().nullable(),
    sentAt: z.number().nullable(),
    deliveredAt: z.number().nullable(),
    readAt: z.number().nullable(),
    numberLabel: z.string().nullable(),
  }),
]);
export type ThreadItem = z.infer<typeof threadItemSchema>;

/**
 * The Cloud API's 24-hour customer service window with this contact on one number: it opens each
 * time the contact writes and closes 24 h later. Free-form text goes only while it is open;
 * outside it only an approved template. `closesAt` is null when it is closed (or never opened).
 */
export const serviceWindowSchema = z.object({ kind: z.literal('cloud'), closesAt: z.number().nullable() });
export type ServiceWindow = z.infer<typeof serviceWindowSchema>;

export const replyNumberSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  simulated: z.boolean(),
  connected: z.boolean(),
  /** Cloud API numbers only; null for WhatsApp Web and simulated numbers (no window). */
  serviceWindow: serviceWindowSchema.nullable(),
});

export const conversationDetailSchema = conversationRowSchema.extend({
  items: z.array(threadItemSchema),
  /** Older items were left out (the thread shows the latest). */
  truncated: z.boolean(),
  /** Why nothing may be sent to this contact (opt-out), pt-BR, ready to show; null when replying is allowed. */
  blockedReason: z.string().nullable(),
  /** Numbers a reply may go through; the first is the one the contact last wrote to. */
  numbers: z.array(replyNumberSchema),
  /** The window on the number the contact wrote to, when it is a Cloud API number. */
  serviceWindow: serviceWindowSchema.nullable(),
  /** The latest message the contact wrote, the one "Negócio fechado" attaches to. */
  latestInboundId: z.number().int().nullable(),
  /** The assistant in force for this conversation (campaign's, else the number's), if any. */
  assistant: z
    .object({
      mode: z.enum(['off', 'suggest', 'auto']),
      scope: z.enum(['campaign', 'number']),
      /** Paused for this contact after a handoff, until handed back. */
      paused: z.boolean(),
      autoReplies: count,
      maxAuto: count,
    })
    .nullable(),
  /** A reply drafted by the assistant (sugerir), for the reply box. */
  suggestion: z.string().nullable(),
});
export type ConversationDetail = z.infer<typeof conversationDetailSchema>;

export const conversationCountsSchema = z.object({
  /** Conversations with messages not yet seen. */
  unread: count,
  /** Conversations the assistant handed to a person. */
  needsHuman: count,
  open: count,
});
export type ConversationCounts = z.infer<typeof conversationCountsSchema>;

export const quickReplySchema = z.object({ id: z.number().int(), title: z.string(), text: z.string(), updatedAt: z.number() });
export type QuickReply = z.infer<typeof quickReplySchema>;
const quickReplyInput = z.object({
  title: z.string().trim().min(1, 'Dê um nome à resposta rápida').max(60, 'Use até 60 caracteres no nome'),
  text: z.string().trim().min(1, 'Escreva o texto da resposta rápida').max(4000, 'Use até 4.000 caracteres'),
});

/** The assistant's sending window for a number (a campaign's assistant uses the campaign's window). */
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'Use o formato HH:MM');
export const assistantWindowSchema = z.object({
  days: z.array(z.number().int().min(0).max(6)).min(1, 'Escolha ao menos um dia da semana'),
  start: hhmm,
  end: hhmm,
});
export type AssistantWindow = z.infer<typeof assistantWindowSchema>;
export const DEFAULT_ASSISTANT_WINDOW: AssistantWindow = { days: [1, 2, 3, 4, 5, 6], start: '08:00', end: '20:00' };

export const assistantModes = ['off', 'suggest', 'auto'] as const;
export const assistantScopeSchema = z.union([z.object({ campaignId: id }).strict(), z.object({ numberId: id }).strict()]);
export const assistantSettingsSchema = z.object({
  mode: z.enum(assistantModes),
  /** Automatic answers per contact before a person takes over. */
  maxAuto: z.number().int().min(1).max(20),
  /** Number scope only; null for a campaign (its own window applies). */
  window: assistantWindowSchema.nullable(),
});
export type AssistantSettings = z.infer<typeof assistantSettingsSchema>;

export const businessProfileSchema = z.object({
  /** What the business sells, prices, hours, address, links: the only facts the assistant may state. */
  description: z.string().max(6000),
  /** What the assistant must never promise (discounts, deadlines, …). */
  neverPromise: z.string().max(2000),
});
export type BusinessProfile = z.infer<typeof businessProfileSchema>;

/**
 * AI usage today against the plan (the assistant and the copy assistant share it). `counted` is
 * false for a server on this computer (free, no limit); `trial` while no license is active.
 */
export const aiUsageSchema = z.object({ today: count, limit: count, counted: z.boolean(), plan: z.string(), trial: z.boolean() });
export type AiUsage = z.infer<typeof aiUsageSchema>;

export const assistantOverviewSchema = z.object({
  profile: businessProfileSchema,
  usage: aiUsageSchema,
  numbers: z.array(z.object({ id: z.number().int(), label: z.string(), simulated: z.boolean(), settings: assistantSettingsSchema })),
  campaigns: z.array(z.object({ id: z.number().int(), name: z.string(), settings: assistantSettingsSchema })),
});
export type AssistantOverview = z.infer<typeof assistantOverviewSchema>;

/** Template variable (`body.1`, `header.name`…) → a contact field or a fixed text. */
const templateMapping = z.record(z.string().max(80), slotSourceSchema);

export const conversationsMethods = {
  /** Threads newest first; `filter` defaults to open. */
  'conversations.list': method(
    z
      .object({
        filter: z.enum(conversationFilters).default('open'),
        search: z.string().max(100).optional(),
        numberId: id.optional(),
        campaignId: id.optional(),
        tagId: id.optional(),
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict()
      .optional(),
    z.object({ total: count, rows: z.array(conversationRowSchema) }),
  ),
  'conversations.get': method(z.object({ id }).strict(), conversationDetailSchema),
  'conversations.counts': method(none, conversationCountsSchema),
  /** The user opened the thread: its messages count as seen. */
  'conversations.markRead': method(z.object({ id }).strict(), conversationCountsSchema),
  /** "Concluir" (done) or reopen; a new message from the contact reopens it too. */
  'conversations.setDone': method(z.object({ id, done: z.boolean() }).strict(), conversationRowSchema),
  /**
   * Sends a reply through `numberId` (default: the number the contact wrote to). `clientKey`
   * identifies this one message: sending it again returns the first attempt instead of a
   * second message. Refused for opted-out contacts, disconnected numbers, a reached daily cap.
   */
  'conversations.send': method(
    z
      .object({
        id,
        clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
        text: z.string().max(4000),
        attachment: attachmentRefSchema.optional(),
        numberId: id.optional(),
        /** The text came from the assistant's suggestion (for the thread's label). */
        aiDraft: z.boolean().optional(),
      })
      .strict(),
    threadItemSchema,
  ),
  /**
   * An approved template of a Cloud number, filled for this contact (the "Responder com modelo"
   * preview). `problems` (pt-BR) say what keeps it from being sent, empty when it can go.
   */
  'conversations.templatePreview': method(
    z.object({ id, numberId: id.optional(), templateId: z.string().min(1).max(64), mapping: templateMapping }).strict(),
    z.object({ text: z.string(), buttons: z.array(z.string()), problems: z.array(z.string()) }),
  ),
  /**
   * Replies with an approved template of a Cloud number (the only thing that reaches the contact
   * outside the 24-hour window); stored in the thread like any reply, with the filled text.
   * `clientKey` works as in `conversations.send`.
   */
  'conversations.sendTemplate': method(
    z
      .object({
        id,
        clientKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
        numberId: id.optional(),
        templateId: z.string().min(1).max(64),
        mapping: templateMapping,
      })
      .strict(),
    threadItemSchema,
  ),
  /** "Assumir a conversa" clears "precisa de você"; `resumeAssistant` hands the thread back to the assistant. */
  'conversations.handoff': method(z.object({ id, needsHuman: z.boolean(), resumeAssistant: z.boolean().optional() }).strict(), conversationRowSchema),
  /** Saves a "Novo contato" as a contact (no list), so labels and the name stick. */
  'conversations.saveContact': method(z.object({ id, name: z.string().trim().max(200).optional() }).strict(), conversationRowSchema),
  /** A quick reply with this contact's variables filled in, for the reply box. */
  'conversations.renderQuickReply': method(z.object({ id, quickReplyId: id }).strict(), z.object({ text: z.string() })),
  /** Asks the assistant for a draft now (sugerir); counts against the plan's AI limit. */
  'conversations.suggest': method(z.object({ id }).strict(), z.object({ text: z.string() })),

  'quickReplies.list': method(none, z.array(quickReplySchema)),
  'quickReplies.create': method(quickReplyInput.strict(), quickReplySchema),
  'quickReplies.update': method(quickReplyInput.extend({ id }).strict(), quickReplySchema),
  'quickReplies.delete': method(z.object({ id }).strict(), z.object({ ok: z.literal(true) })),

  'assistant.overview': method(none, assistantOverviewSchema),
  /** The plan's AI usage today, for the reply box ("x de y respostas de IA usadas no teste"). */
  'assistant.usage': method(none, aiUsageSchema),
  'assistant.setProfile': method(businessProfileSchema.strict(), businessProfileSchema),
  'assistant.setSettings': method(z.object({ scope: assistantScopeSchema, settings: assistantSettingsSchema }).strict(), assistantSettingsSchema),
};

export const conversationsEvents = {
  /** A thread changed (new message, a send, a receipt, read/done/handoff); id null = several. */
  'conversations.changed': z.object({ id: z.number().int().nullable(), reason: z.enum(['inbound', 'sent', 'receipt', 'state', 'assistant']) }),
};

import { z } from 'zod';
import { method, none } from '../method';

/**
 * Offer mirroring ("Espelhar ofertas"): new messages in a source group or chat of a linked
 * WhatsApp number are re-posted, rewritten, to groups the user is in. See electron/core/mirroring.
 */

const id = z.number().int().positive();

const hostSchema = z
  .string()
  .trim()
  .max(200, 'Endereço do site longo demais.')
  .transform((s) => s || undefined)
  .optional();
const paramSchema = z
  .string()
  .trim()
  .min(1, 'Diga qual parâmetro do link mudar (por exemplo: tag).')
  .max(100, 'Nome de parâmetro longo demais.')
  .regex(/^[^\s&=?#]+$/, 'O nome do parâmetro não pode ter espaços nem os sinais & = ? #.');

export const rewriteRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('setParam'), param: paramSchema, value: z.string().trim().min(1, 'Digite o valor seu (por exemplo: sua tag de afiliado).').max(300), host: hostSchema }).strict(),
  z.object({ kind: z.literal('removeParam'), param: paramSchema, host: hostSchema }).strict(),
  z.object({ kind: z.literal('replace'), find: z.string().min(1, 'Digite o trecho a trocar.').max(500), replace: z.string().max(500) }).strict(),
]);
export type RewriteRuleInput = z.infer<typeof rewriteRuleSchema>;

export const mirrorSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('group'), jid: z.string().regex(/^[\d-]+@g\.us$/, 'Escolha um grupo da lista.') }).strict(),
  /** A direct chat, by the other person's phone (as typed). */
  z.object({ kind: z.literal('chat'), phone: z.string().trim().min(8, 'Digite o telefone da conversa com DDD.').max(30) }).strict(),
]);

const rewritesSchema = z.array(rewriteRuleSchema).max(30, 'No máximo 30 regras de troca.');
/** The same offer (same text or same link) is not posted again to a group within this period. */
const dedupHoursSchema = z.number().int().min(1, 'O período sem repetir vai de 1 a 720 horas.').max(720, 'O período sem repetir vai de 1 a 720 horas.');
/** At least this long between two posts in the same destination group. */
const paceSecondsSchema = z.number().int().min(0).max(86_400, 'O intervalo vai até 86.400 segundos (um dia).');
/** Posts per day (all destinations together). */
const dailyCapSchema = z.number().int().min(1, 'O limite diário vai de 1 a 1.000 posts.').max(1000, 'O limite diário vai de 1 a 1.000 posts.');

/** A rule's editable fields, without defaults (an update changes only what it names). */
const ruleFields = {
  name: z.string().trim().min(1, 'Dê um nome ao espelhamento.').max(80, 'Nome longo demais (até 80 letras).'),
  source: mirrorSourceSchema,
  /** Groups only: individual contacts are for campaigns, with consent. */
  destinations: z.array(z.string().regex(/^[\d-]+@g\.us$/, 'Só grupos podem ser destinos.')).min(1, 'Escolha ao menos um grupo de destino.').max(50, 'No máximo 50 grupos de destino.'),
  rewrites: rewritesSchema,
  dedupHours: dedupHoursSchema,
  paceSeconds: paceSecondsSchema,
  dailyCap: dailyCapSchema,
  /** Show "digitando…" in the group for a few seconds before each post, as a person would. */
  typing: z.boolean(),
};

export const mirrorRuleInputSchema = z
  .object({
    ...ruleFields,
    numberId: id,
    rewrites: rewritesSchema.default([]),
    dedupHours: dedupHoursSchema.default(24),
    paceSeconds: paceSecondsSchema.default(60),
    dailyCap: dailyCapSchema.default(100),
    typing: z.boolean().default(true),
  })
  .strict();
export const mirrorRulePatchSchema = z.object(ruleFields).partial().strict();
export type MirrorRuleInput = z.input<typeof mirrorRuleInputSchema>;

export const mirrorStates = ['queued', 'sending', 'sent', 'uncertain', 'failed', 'skipped'] as const;
export type MirrorState = (typeof mirrorStates)[number];

export const mirrorRuleSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  numberId: z.number().int(),
  numberLabel: z.string(),
  source: z.object({ kind: z.enum(['group', 'chat']), jid: z.string(), name: z.string() }),
  destinations: z.array(z.object({ jid: z.string(), name: z.string(), canPost: z.boolean() })),
  rewrites: z.array(rewriteRuleSchema),
  dedupHours: z.number().int(),
  paceSeconds: z.number().int(),
  dailyCap: z.number().int(),
  typing: z.boolean(),
  paused: z.boolean(),
  /** Why it paused: `user`, or the WhatsApp warning that paused it (`capping_warning`, `banned`…). */
  pauseReason: z.string().nullable(),
  /** Posts counted against today's cap (queued, sent or maybe sent). */
  postedToday: z.number().int(),
  queued: z.number().int(),
  lastAt: z.number().nullable(),
  createdAt: z.number(),
});
export type MirrorRuleView = z.infer<typeof mirrorRuleSchema>;

export const mirrorLogEntrySchema = z.object({
  id: z.number().int(),
  at: z.number(),
  destJid: z.string(),
  destName: z.string(),
  state: z.enum(mirrorStates),
  /**
   * Skipped: `duplicate`, `cap`, `paused`, `empty`, `stale`, `removed`, `number_cap`, `plan_limit`,
   * `number_flagged`; failed: `not_member`, `admins_only`
   * or the channel's code (`NOT_CONNECTED`, `TIMEOUT`…); uncertain: `interrupted`.
   */
  reason: z.string().nullable(),
  /** The text as posted (after the rewrite), shortened. */
  text: z.string(),
  image: z.boolean(),
  sentAt: z.number().nullable(),
});
export type MirrorLogEntry = z.infer<typeof mirrorLogEntrySchema>;

export const mirroringMethods = {
  'mirroring.list': method(none, z.array(mirrorRuleSchema)),
  'mirroring.create': method(mirrorRuleInputSchema, mirrorRuleSchema),
  'mirroring.update': method(z.object({ id, patch: mirrorRulePatchSchema }).strict(), mirrorRuleSchema),
  /** Pausing skips what is still waiting; resuming mirrors the next new messages. */
  'mirroring.setPaused': method(z.object({ id, paused: z.boolean() }).strict(), mirrorRuleSchema),
  'mirroring.remove': method(z.object({ id }).strict(), z.object({ removed: z.boolean() })),
  /** What was mirrored where, and what was skipped and why, newest first. */
  'mirroring.log': method(z.object({ id, limit: z.number().int().min(1).max(500).default(50) }).strict(), z.array(mirrorLogEntrySchema)),
};

export const mirroringEvents = {
  /** A rule or its log changed (a message arrived, a post went out, a rule was edited). */
  'mirroring.changed': z.object({ ruleId: z.number().int().nullable() }),
};

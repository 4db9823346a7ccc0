/**
 * What the reply assistant asks the model, and how its answer is read. pt-BR instructions (the
 * answers are pt-BR); the model must answer a small JSON object so "I am not sure" and "this
 * needs a person" are explicit, and anything else is treated as unsure (automatic mode never
 * sends free text it could not read).
 */
import type { ChatMessage } from '../../ai/prompts';
import type { BusinessProfile, HandoffReason } from '../../../../shared/api/methods/conversations';

/** Marks the prompt so stand-in servers (tests) recognise a reply-assistant request. */
export const ASSISTANT_MARKER = 'ASSISTENTE DE RESPOSTAS';

const MAX_DESCRIPTION = 6000;
const MAX_TURN = 1000;
const MAX_TURNS = 12;

export interface Turn {
  from: 'contact' | 'business';
  text: string;
}

export function systemPrompt(profile: BusinessProfile, businessName: string): string {
  const never = profile.neverPromise.trim();
  return `${ASSISTANT_MARKER}
Você responde no WhatsApp, em nome de ${businessName.trim() || 'um pequeno negócio brasileiro'}, a clientes que escreveram para a loja.

O que você sabe sobre o negócio (a ÚNICA fonte de fatos):
<<<
${profile.description.slice(0, MAX_DESCRIPTION)}
>>>
${never ? `\nNunca prometa: ${never.slice(0, 2000)}\n` : ''}
Regras:
- Português do Brasil, tom cordial e curto (1 a 3 frases), como uma pessoa da loja escreve no WhatsApp.
- Use só os fatos acima. Não invente preços, descontos, prazos, estoque, endereços, horários ou links. Se a resposta não estiver acima, não chute: encaminhe.
- Encaminhe para uma pessoa quando o cliente pedir para falar com alguém, quiser negociar preço ou desconto, reclamar, ou quando você não tiver certeza.
- Nunca responda pedidos para sair da lista (isso é tratado à parte).
- Responda somente com JSON, sem comentários e sem bloco de código:
{"resposta": "texto para enviar ao cliente", "encaminhar": false, "motivo": null}
ou, para passar para uma pessoa:
{"resposta": "", "encaminhar": true, "motivo": "pessoa" | "preco" | "reclamacao" | "incerto"}`;
}

/** The thread as chat turns: the contact is "user", the business "assistant"; the latest turns only. */
export function assistantMessages(profile: BusinessProfile, businessName: string, turns: Turn[]): ChatMessage[] {
  const recent = turns.filter((t) => t.text.trim()).slice(-MAX_TURNS);
  return [
    { role: 'system', content: systemPrompt(profile, businessName) },
    ...recent.map((t): ChatMessage => ({ role: t.from === 'contact' ? 'user' : 'assistant', content: t.text.slice(0, MAX_TURN) })),
  ];
}

export type ModelVerdict = { kind: 'answer'; text: string } | { kind: 'handoff'; reason: HandoffReason };

const MOTIVO: Record<string, HandoffReason> = { pessoa: 'asked_human', preco: 'price', reclamacao: 'complaint', incerto: 'unsure' };
const REFUSAL = /\b(n[aã]o posso (ajudar|responder)|sou (apenas )?um modelo de linguagem|as an ai|i can'?t help|i cannot|i'm sorry|desculpe, n[aã]o)\b/i;

/** Control characters and model tokens: the output of a broken model, not a sentence. */
// eslint-disable-next-line no-control-regex
const GARBAGE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|<\|[a-z_]+\|>/i;

/** The first balanced `{…}` in the text (models sometimes add chatter or fences around it). */
function firstObject(text: string): string | null {
  const start = text.indexOf('{');
  if (start < 0) return null;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{') depth++;
    else if (ch === '}' && --depth === 0) return text.slice(start, i + 1);
  }
  return null;
}

/**
 * Reads the model's answer. Anything but the JSON asked for (a refusal, garbage, an answer cut
 * short, an empty reply) is "unsure": a person takes over.
 */
export function readVerdict(raw: string, finishReason: string | null): ModelVerdict {
  if (finishReason === 'length') return { kind: 'handoff', reason: 'unsure' };
  const json = firstObject(raw);
  if (!json) return { kind: 'handoff', reason: 'unsure' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { kind: 'handoff', reason: 'unsure' };
  }
  if (!parsed || typeof parsed !== 'object') return { kind: 'handoff', reason: 'unsure' };
  const o = parsed as { resposta?: unknown; encaminhar?: unknown; motivo?: unknown };
  if (o.encaminhar === true) return { kind: 'handoff', reason: typeof o.motivo === 'string' ? (MOTIVO[o.motivo] ?? 'unsure') : 'unsure' };
  const text = typeof o.resposta === 'string' ? o.resposta.trim() : '';
  if (text.length < 2 || text.length > 1500 || REFUSAL.test(text) || GARBAGE.test(text)) return { kind: 'handoff', reason: 'unsure' };
  return { kind: 'answer', text };
}

/** For "sugerir": a draft for a person to review, so a plain-text answer is good enough. */
export function readDraft(raw: string): string | null {
  const v = readVerdict(raw, null);
  if (v.kind === 'answer') return v.text;
  // JSON that did not read as an answer (a handoff, a broken object) is no draft either.
  if (raw.includes('{')) return null;
  const text = raw.replace(/^```\w*|```$/g, '').trim();
  if (GARBAGE.test(text)) return null;
  return text.length >= 2 && text.length <= 1500 && !REFUSAL.test(text) ? text : null;
}

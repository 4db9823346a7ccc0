/**
 * The reply assistant's guards, as pure functions so each is tested on its own:
 * - what a contact's message asks for that only a person should handle (a person, a better
 *   price, a complaint);
 * - whether an automatic answer may go out now (opt-out first, paused thread, window, the
 *   per-contact cap, the message's age);
 * - whether an answer states a price the business description does not have.
 */
import type { HandoffReason } from '../../../../shared/api/methods/conversations';
import { isOpen, type SendingWindow } from '../../campaigns/schedule';

/** Lower case, no accents, single spaces: what the keyword lists are written in. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const ASKS_HUMAN = [
  /\b(falar|conversar|atendimento)\s+com\s+(um|uma|o|a|algum|alguma)?\s*(pessoa|humano|humana|atendente|vendedor|vendedora|gerente|responsavel|dono|dona|alguem)\b/,
  /\b(quero|preciso|pode|poderia|tem como)\b.{0,30}\b(atendente|humano|pessoa de verdade|pessoa real)\b/,
  /\bvoce e (um )?(robo|bot|maquina|ia)\b/,
  /\b(e|eh) (um )?(robo|bot)\b/,
  /\b(me liga|me ligue|liga pra mim|ligar pra mim|pode me ligar)\b/,
  /^(atendente|humano|pessoa)[.!?]*$/,
];

const PRICE_NEGOTIATION = [
  /\bdesconto\b/,
  /\b(abaixa|abaixar|baixa|baixar|diminui|diminuir|melhora|melhorar)\b.{0,20}\b(preco|valor)\b/,
  /\b(faz|faria|fecha|deixa|sai) (por|a|em) (r\$ ?)?\d/,
  /\bmais barat[oa]\b/,
  /\b(negociar|negociacao|chorar um pouco|chorinho)\b/,
  /\bmelhor (preco|valor|condicao)\b/,
  /\b(valor|preco) (menor|mais em conta)\b/,
  /\b(concorrente|outra loja|em outro lugar)\b.{0,40}\b(mais barato|menos|metade)\b/,
];

const COMPLAINT = [
  /\b(reclamar|reclamacao|reclame aqui|procon)\b/,
  /\b(pessimo|pessima|horrivel|absurdo|ridiculo|vergonha|lamentavel|decepcionad[oa]|insatisfeit[oa])\b/,
  /\b(nao chegou|ainda nao recebi|nunca chegou|veio errado|veio quebrad[oa]|com defeito|estragad[oa])\b/,
  /\b(golpe|enganad[oa]|fraude|roubo)\b/,
  /\b(reembolso|estorno|meu dinheiro de volta|devolver o dinheiro|quero cancelar)\b/,
  /\b(processar|advogado|justica)\b/,
];

/** What in a contact's message needs a person, if anything. Checked before any AI call. */
export function handoffTrigger(text: string): Extract<HandoffReason, 'asked_human' | 'price' | 'complaint'> | null {
  const t = fold(text);
  if (!t) return null;
  if (COMPLAINT.some((re) => re.test(t))) return 'complaint';
  if (ASKS_HUMAN.some((re) => re.test(t))) return 'asked_human';
  if (PRICE_NEGOTIATION.some((re) => re.test(t))) return 'price';
  return null;
}

export interface AutoContext {
  /** The message was an opt-out keyword, or the contact is opted out: never answered. */
  optedOut: boolean;
  /** The assistant handed this thread over earlier and nobody handed it back. */
  paused: boolean;
  /** Automatic answers already sent to this contact, and the cap. */
  autoReplies: number;
  maxAuto: number;
  window: SendingWindow;
  /** When the message was written, and now (epoch ms). */
  messageAt: number;
  now: number;
  /** Older messages (replayed after the PC was off) wait for a person. */
  maxAgeMs: number;
}

export type AutoDecision =
  /** Answer by itself. */
  | { kind: 'answer' }
  /** Stay silent; nobody is flagged (opt-out, thread already with a person, outside the window, old message). */
  | { kind: 'silent'; why: 'opted_out' | 'paused' | 'outside_window' | 'too_old' }
  /** Hand the thread to a person. */
  | { kind: 'handoff'; reason: HandoffReason };

/** The order matters: opt-out first (never answered), then a thread a person owns, then the limits. */
export function decideAutomatic(c: AutoContext, trigger: HandoffReason | null): AutoDecision {
  if (c.optedOut) return { kind: 'silent', why: 'opted_out' };
  if (c.paused) return { kind: 'silent', why: 'paused' };
  if (trigger) return { kind: 'handoff', reason: trigger };
  if (c.now - c.messageAt > c.maxAgeMs) return { kind: 'silent', why: 'too_old' };
  if (!isOpen(c.window, c.now)) return { kind: 'silent', why: 'outside_window' };
  if (c.autoReplies >= c.maxAuto) return { kind: 'handoff', reason: 'limit' };
  return { kind: 'answer' };
}

/**
 * Amounts of money a text states, in centavos: "R$ 25", "R$1.200,00", "25,90 reais", "30 conto",
 * and a bare "19,90" (two decimals after a comma is how prices are written in Brazil).
 */
export function pricesIn(text: string): number[] {
  const out: number[] = [];
  const amount = String.raw`(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?`;
  const re = new RegExp(
    String.raw`(?:r\$\s*${amount})|(?:\b${amount}\s*(?:reais|real|conto|contos)\b)|(?:(?<![\d.,$])\b(\d{1,3}(?:\.\d{3})+|\d+),(\d{2})\b(?![.,]?\d))`,
    'gi',
  );
  for (const m of text.matchAll(re)) {
    const whole = (m[1] ?? m[3] ?? m[5] ?? '').replace(/\./g, '');
    const cents = (m[2] ?? m[4] ?? m[6] ?? '').padEnd(2, '0');
    if (whole) out.push(Number(whole) * 100 + Number(cents || '0'));
  }
  return out;
}

/** Percentages a text states ("10%", "15 % de desconto", "20 por cento"). */
export function percentsIn(text: string): number[] {
  const out: number[] = [];
  for (const m of fold(text).matchAll(/\b(\d{1,3}(?:,\d+)?)\s*(?:%|por cento\b)/g)) out.push(Number(m[1]!.replace(',', '.')));
  return out;
}

/**
 * Prices (and percentages: a discount is a price) in `answer` that the business description
 * never mentions: the assistant must not invent them. "25" in the description also covers
 * "R$ 25,00" in the answer.
 */
export function inventedPrices(answer: string, description: string): number[] {
  const known = new Set(pricesIn(description));
  const knownPercents = new Set(percentsIn(description));
  return [...pricesIn(answer).filter((p) => !known.has(p)), ...percentsIn(answer).filter((p) => !knownPercents.has(p))];
}

/**
 * Prompts for AI-written copy. pt-BR because the copy is pt-BR; models follow the language
 * of the instructions more reliably than a "write in Portuguese" line.
 */

export interface CopyBrief {
  /** What the business is, e.g. "Loja de roupas femininas em Campinas". */
  business: string;
  /** What to offer or announce. */
  offer: string;
  /** e.g. "amigável", "profissional", "descontraído". */
  tone: string;
  /** What the recipient should do, e.g. "responder para ver o catálogo". */
  goal: string;
  /** How many variations (1–10). */
  count: number;
  language?: 'pt-BR';
  /** The one link the messages may carry, if any. */
  link?: string | null;
  /** Extra list columns the model may use, e.g. ["cidade"]. */
  knownVariables?: readonly string[];
}

export const MAX_VARIATIONS = 10;
const MAX_FIELD = 800;

export const SYSTEM_PROMPT = `Você escreve mensagens de WhatsApp para pequenos negócios brasileiros falarem com seus clientes.

Regras:
- Português do Brasil natural, como uma pessoa de verdade escreve no WhatsApp: frases curtas, tom próximo, de 2 a 4 linhas por mensagem.
- Quando houver várias mensagens, cada uma deve ser claramente diferente das outras: mude a abertura, a estrutura e as palavras, não troque só um sinônimo.
- Use {primeiro_nome} para chamar a pessoa pelo nome quando fizer sentido (escreva exatamente assim, com chaves).
- Use só as informações do briefing. Não invente preços, descontos, datas, prazos, endereços, brindes nem qualquer outro fato.
- Nada de cara de spam: evite "grátis", "promoção imperdível", "clique aqui", "ganhe", "urgente", "última chance", "100% garantido", e não escreva frases em maiúsculas.
- No máximo um link por mensagem, e só se o briefing trouxer o link.
- No máximo 2 emojis por mensagem. Sem hashtags.
- Responda somente com o JSON pedido, sem comentários e sem bloco de código.`;

function clip(text: string | null | undefined): string {
  return String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, MAX_FIELD);
}

export function clampCount(count: number): number {
  return Math.max(1, Math.min(MAX_VARIATIONS, Math.floor(Number.isFinite(count) ? count : 1)));
}

function briefLines(brief: CopyBrief): string {
  const lines = [
    `- Negócio: ${clip(brief.business) || '(não informado)'}`,
    `- O que oferecer ou avisar: ${clip(brief.offer) || '(não informado)'}`,
    `- Objetivo da mensagem: ${clip(brief.goal) || 'iniciar uma conversa'}`,
    `- Tom: ${clip(brief.tone) || 'amigável'}`,
  ];
  const link = clip(brief.link);
  lines.push(link ? `- Link (use no máximo uma vez por mensagem): ${link}` : '- Link: nenhum (não coloque links)');
  const extra = (brief.knownVariables ?? []).map((v) => clip(v)).filter(Boolean);
  if (extra.length) lines.push(`- Outras variáveis que pode usar: ${extra.map((v) => `{${v}}`).join(', ')}`);
  return lines.join('\n');
}

export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string };

export function variationsMessages(brief: CopyBrief): ChatMessage[] {
  const n = clampCount(brief.count);
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: `Briefing:\n${briefLines(brief)}\n\nEscreva ${n} ${n === 1 ? 'mensagem' : 'mensagens diferentes'}.\nFormato da resposta: {"mensagens": ["primeira mensagem", "segunda mensagem"]}\nUse \\n para quebrar linha dentro de uma mensagem.`,
    },
  ];
}

export function regenerateMessages(brief: CopyBrief, others: readonly string[]): ChatMessage[] {
  const existing = others
    .map((o) => clip(o))
    .filter(Boolean)
    .map((o, i) => `${i + 1}. ${o}`)
    .join('\n');
  return [
    { role: 'system', content: SYSTEM_PROMPT },
    {
      role: 'user',
      content: `Briefing:\n${briefLines(brief)}\n\nEstas mensagens já existem:\n${existing || '(nenhuma)'}\n\nEscreva UMA nova mensagem, claramente diferente de todas acima na abertura, na estrutura e nas palavras.\nFormato da resposta: {"mensagem": "texto da mensagem"}\nUse \\n para quebrar linha.`,
    },
  ];
}

export const SPINTAX_SYSTEM_PROMPT = `Você transforma mensagens de WhatsApp em modelos com variações, para que cada cliente receba um texto um pouco diferente.

Formato das variações:
- {opção A|opção B|opção C}: uma das opções é sorteada para cada cliente. Pode aninhar: {Oi|Olá} {tudo bem|{como vai|beleza}}?
- Variáveis como {primeiro_nome} ficam exatamente como estão. Não crie variáveis novas.
- Não use chaves nem a barra | para nenhuma outra coisa.

Regras:
- Crie variações em 4 a 8 pontos da mensagem (saudação, abertura, verbos, fechamento), sempre com o mesmo sentido e em português do Brasil natural.
- Não acrescente informações: nada de preços, datas, brindes ou fatos que não estejam na mensagem.
- Mantenha links e quebras de linha como estão.
- Responda somente com o JSON pedido, sem comentários e sem bloco de código.`;

export function spintaxMessages(message: string): ChatMessage[] {
  return [
    { role: 'system', content: SPINTAX_SYSTEM_PROMPT },
    {
      role: 'user',
      content: `Mensagem:\n<<<\n${String(message ?? '').slice(0, 4096)}\n>>>\n\nFormato da resposta: {"modelo": "mensagem com as variações"}\nUse \\n para quebrar linha.`,
    },
  ];
}

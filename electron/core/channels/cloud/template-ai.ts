/**
 * "Escrever com IA" in the template form: the AI copy assistant drafts a Cloud API template
 * (header, body, footer and an example for every variable) that follows Meta's rules for its
 * category: no promotional wording in utility or authentication templates, numbered variables
 * ({{1}}, {{2}}…) never at the very start or end, and Meta's length limits. The draft is checked
 * with the same rules the form applies (`draftProblems`); when the model broke one, it is asked
 * once more with what to fix, and whatever still fails is returned for the user to see.
 */
import { draftProblems, PROMOTIONAL, DRAFT_LIMITS, type TemplateDraft } from '../../../../shared/cloud/template-draft';
import type { ChatMessage } from '../../ai/prompts';
import { ApiError } from '../../../../shared/api/errors';

/** Starts the system prompt; the OpenAI stand-in recognises template requests by it. */
export const TEMPLATE_PROMPT_MARKER = 'MODELO DA API OFICIAL DO WHATSAPP';

export type TemplateCategory = TemplateDraft['category'];

export interface TemplateAiInput {
  category: TemplateCategory;
  /** What the template is for, in the user's words. */
  brief: string;
  /** The business (the number's verified name), so the text can sign as it. */
  business: string;
  /** Ask for a short text header too. */
  header: boolean;
}

export interface TemplateAiDraft {
  header: string;
  body: string;
  footer: string;
  examples: Record<string, string>;
  /** Rules the draft still breaks after the second try (pt-BR), for the form to show. */
  problems: string[];
}

export interface TemplateAiChat {
  chat(messages: ChatMessage[], options?: { temperature?: number }): Promise<{ text: string; finishReason: string | null }>;
}

const CATEGORY_RULES: Record<TemplateCategory, string> = {
  MARKETING: 'MARKETING: promoções, novidades, convites e lembretes de compra. Pode convidar a comprar, mas sem exageros, sem CAIXA ALTA e sem promessas falsas.',
  UTILITY: `UTILIDADE: só informação sobre algo que o cliente já pediu ou combinou (pedido, entrega, agendamento, conta, aviso). PROIBIDO qualquer tom promocional: não use as palavras ${PROMOTIONAL.map((w) => `"${w}"`).join(', ')}, nem ofertas, preços promocionais, novidades de produtos ou convites para comprar. Se for promocional, a Meta reclassifica como marketing ou recusa.`,
  AUTHENTICATION: 'AUTENTICAÇÃO: só o envio de um código de acesso ({{1}}), com aviso para não compartilhar. Nada de promoção, links ou outros assuntos.',
};

export function templateDraftMessages(input: TemplateAiInput, fix: string[] = []): ChatMessage[] {
  const system = [
    `${TEMPLATE_PROMPT_MARKER}: você escreve modelos de mensagem (templates) para a revisão da Meta, em português do Brasil, para a empresa "${input.business}".`,
    'Regras da Meta que o modelo precisa seguir:',
    `- Categoria ${CATEGORY_RULES[input.category]}`,
    '- Variáveis só no formato {{1}}, {{2}}, {{3}}…, numeradas em ordem a partir de {{1}}, sem pular números. Nunca use {nome}, [nome] ou {{nome}}.',
    '- O texto não pode começar nem terminar com uma variável: escreva algo antes da primeira e depois da última.',
    '- O cabeçalho e o texto compartilham a numeração: um {{1}} no cabeçalho é o mesmo dado do {{1}} do texto (prefira o cabeçalho sem variável).',
    `- Texto (corpo) com no máximo ${DRAFT_LIMITS.body} caracteres (prefira até 400); cabeçalho com no máximo ${DRAFT_LIMITS.header} caracteres e no máximo uma variável; rodapé com no máximo ${DRAFT_LIMITS.footer} caracteres e sem variáveis.`,
    '- Dê um exemplo realista para cada variável (por exemplo, "Maria" para um nome, "4521" para um pedido).',
    '- Sem links encurtados, sem emojis em excesso, sem pedir dados pessoais.',
    'Responda só com JSON, sem comentários: {"cabecalho": "...", "texto": "...", "rodape": "...", "exemplos": {"1": "...", "2": "..."}}.',
  ].join('\n');
  const user = [
    `Categoria: ${input.category}.`,
    input.header ? 'Inclua um cabeçalho curto.' : 'Sem cabeçalho (deixe "cabecalho" vazio).',
    `Sobre o que é a mensagem:\n<<<\n${input.brief.trim()}\n>>>`,
    ...(fix.length ? [`A versão anterior quebrou estas regras; corrija:\n${fix.map((f) => `- ${f}`).join('\n')}`] : []),
  ].join('\n');
  return [
    { role: 'system', content: system },
    { role: 'user', content: user },
  ];
}

/** Reads the model's answer (JSON, possibly fenced or with chatter around it); null when there is none. */
export function parseTemplateAnswer(text: string): Omit<TemplateAiDraft, 'problems'> | null {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text.slice(start, end + 1));
  } catch {
    return null;
  }
  if (!raw || typeof raw !== 'object') return null;
  const o = raw as Record<string, unknown>;
  const str = (...keys: string[]) => {
    for (const k of keys) if (typeof o[k] === 'string') return (o[k] as string).trim();
    return '';
  };
  const body = str('texto', 'corpo', 'body');
  if (!body) return null;
  const examples: Record<string, string> = {};
  const ex = o.exemplos ?? o.examples;
  if (ex && typeof ex === 'object' && !Array.isArray(ex)) {
    for (const [k, v] of Object.entries(ex as Record<string, unknown>)) if (/^\d+$/.test(k.replace(/[{}\s]/g, '')) && (typeof v === 'string' || typeof v === 'number')) examples[k.replace(/[{}\s]/g, '')] = String(v).trim();
  } else if (Array.isArray(ex)) {
    ex.forEach((v, i) => {
      if (typeof v === 'string' || typeof v === 'number') examples[String(i + 1)] = String(v).trim();
    });
  }
  return { header: str('cabecalho', 'cabeçalho', 'header'), body, footer: str('rodape', 'rodapé', 'footer'), examples };
}

function problemsOf(category: TemplateCategory, d: Omit<TemplateAiDraft, 'problems'>): string[] {
  // The name is the user's to choose; everything else is the model's job.
  const draft: TemplateDraft = { name: 'rascunho', category, language: 'pt_BR', buttons: [], ...d };
  return draftProblems(draft)
    .filter((p) => p.field !== 'name')
    .map((p) => p.message);
}

/** Drafts a template with the AI; a second try fixes what the first broke. */
export async function draftTemplateWithAi(ai: TemplateAiChat, input: TemplateAiInput): Promise<TemplateAiDraft> {
  let fix: string[] = [];
  let best: TemplateAiDraft | null = null;
  for (let attempt = 0; attempt < 2; attempt++) {
    const { text } = await ai.chat(templateDraftMessages(input, fix), { temperature: 0.6 });
    const parsed = parseTemplateAnswer(text);
    if (!parsed) {
      fix = ['Responda só com o JSON pedido, com o campo "texto" preenchido.'];
      continue;
    }
    const problems = problemsOf(input.category, parsed);
    best = { ...parsed, problems };
    if (!problems.length) return best;
    fix = problems;
  }
  if (!best) throw new ApiError('ai.bad_response', 'A IA não devolveu um modelo que dê para usar. Tente de novo ou escreva o texto.');
  return best;
}

/**
 * A template written by hand in Recado, turned into what Graph's `POST /{waba}/message_templates`
 * takes: a text header or an image/video/document header (its sample file goes as an attachment
 * ref; the core uploads it and adds the `header_handle`), the body with positional variables ({{1}}, {{2}}…), a footer, up to
 * three quick-reply buttons, a link button (its URL may end in {{1}}) and a call button, with the
 * examples Meta requires for every variable. The checks are
 * Meta's published rules (lengths, variables in order, not at the very start or end of the body,
 * no variables in the footer), said in pt-BR before Meta's review would reject it.
 */
import { normalizePhone } from '../phone';
import { isValidTemplateName } from './templates';
import { TEMPLATE_SAMPLE_MEDIA, headerMediaProblem, headerMediaProblemText, type HeaderMediaKind } from './header-media';
import type { HeaderMedia } from './campaign-schema';

/** "Visitar site": opens `url`; a `{{1}}` at its end is filled per contact, `example` is a value for it. */
export interface UrlButtonDraft {
  text: string;
  url: string;
  example: string;
}

/** "Ligar": calls `phone` (typed as people write it; sent in international digits). */
export interface PhoneButtonDraft {
  text: string;
  phone: string;
}

/** The header's kind: none, text, or a media file Meta's reviewers see a sample of. */
export type HeaderFormat = 'NONE' | 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';

export const MEDIA_HEADER_KINDS: Partial<Record<HeaderFormat, HeaderMediaKind>> = { IMAGE: 'image', VIDEO: 'video', DOCUMENT: 'document' };

export interface TemplateDraft {
  name: string;
  category: 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';
  language: string;
  /** Left out: a text header when `header` is typed (as before media headers existed). */
  headerFormat?: HeaderFormat;
  /** The text header (used only when the format is TEXT or left out). */
  header: string;
  /** The sample file of an IMAGE/VIDEO/DOCUMENT header (an `attachments.add` ref). */
  headerSample?: HeaderMedia | null;
  body: string;
  footer: string;
  /** Quick-reply button texts (empty ones are ignored). */
  buttons: string[];
  /** Variable number ("1", "2"…) → the example Meta's reviewers read. */
  examples: Record<string, string>;
  /** A link button; left out (or all empty) when there is none. */
  urlButton?: UrlButtonDraft;
  /** A call button; left out (or all empty) when there is none. */
  phoneButton?: PhoneButtonDraft;
}

export const EMPTY_TEMPLATE_DRAFT: TemplateDraft = { name: '', category: 'MARKETING', language: 'pt_BR', header: '', body: '', footer: '', buttons: [], examples: {} };

/** Meta's limits for the parts of a template. */
export const DRAFT_LIMITS = { header: 60, body: 1024, footer: 60, buttonText: 25, quickReplies: 3, url: 2000, phone: 20 } as const;

/** A button counts once any of its fields is typed. */
const used = (b: UrlButtonDraft | PhoneButtonDraft | undefined): boolean => !!b && Object.values(b).some((v: unknown) => typeof v === 'string' && v.trim() !== '');

/** The URL with its {{1}} replaced by the example (what Graph's `example` holds). */
function exampleUrl(b: UrlButtonDraft): string {
  return b.url.trim().replace(/\{\{\s*1\s*\}\}$/, b.example.trim());
}

function urlButtonProblems(b: UrlButtonDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  const field = 'urlButton';
  const text = b.text.trim();
  const url = b.url.trim();
  if (!text) out.push({ field, message: 'Escreva o texto do botão de link (por exemplo, Ver pedido).' });
  if (text.length > DRAFT_LIMITS.buttonText) out.push({ field, message: `O texto do botão aceita até ${DRAFT_LIMITS.buttonText} caracteres.` });
  const vars = variablesOf(url);
  let parsed: URL | null = null;
  try {
    parsed = new URL(url.replace(/\{\{[^}]*\}\}/g, 'x'));
  } catch {
    parsed = null;
  }
  if (!url || !parsed || !/^https?:$/.test(parsed.protocol) || !parsed.hostname.includes('.')) out.push({ field: 'urlButton.url', message: 'O link precisa ser um endereço completo, começando com https:// (por exemplo, https://sualoja.com.br/pedido/{{1}}).' });
  else if (url.length > DRAFT_LIMITS.url) out.push({ field: 'urlButton.url', message: `O link aceita até ${DRAFT_LIMITS.url.toLocaleString('pt-BR')} caracteres.` });
  if (vars.length > 1 || (vars.length === 1 && !/\{\{\s*1\s*\}\}$/.test(url))) out.push({ field: 'urlButton.url', message: 'No link só cabe uma variável, {{1}}, no fim do endereço.' });
  else if (vars.length === 1 && !b.example.trim()) out.push({ field: 'urlButton.example', message: 'Dê um exemplo para o {{1}} do link: a Meta pede um para revisar o endereço.' });
  return out;
}

function phoneButtonProblems(b: PhoneButtonDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  const field = 'phoneButton';
  const text = b.text.trim();
  if (!text) out.push({ field, message: 'Escreva o texto do botão de ligar (por exemplo, Ligar para a loja).' });
  if (text.length > DRAFT_LIMITS.buttonText) out.push({ field, message: `O texto do botão aceita até ${DRAFT_LIMITS.buttonText} caracteres.` });
  const phone = normalizePhone(b.phone);
  if (!phone.ok || phone.e164.length > DRAFT_LIMITS.phone) out.push({ field: 'phoneButton.phone', message: 'Escreva o telefone do botão com DDD, por exemplo (11) 4000-1234, ou com o código do país, +55 11 4000-1234.' });
  return out;
}

/** Words that make a template promotional: Meta moves (or rejects) a "utility" template with them. */
export const PROMOTIONAL = ['promoção', 'promocao', 'desconto', 'oferta', 'grátis', 'gratis', 'compre', 'liquidação', 'liquidacao', 'cupom', 'black friday', 'imperdível', 'aproveite', '% off'];

export interface DraftProblem {
  /** Which field: name, header, headerSample, body, footer, buttons, example.N, category, urlButton(.url|.example), phoneButton(.phone). */
  field: string;
  message: string;
  /** Warnings do not block submitting (Meta decides). */
  warning?: boolean;
}

/** The header text that counts (none for a media or no header). */
function headerText(d: Pick<TemplateDraft, 'header' | 'headerFormat'>): string {
  return !d.headerFormat || d.headerFormat === 'TEXT' ? d.header : '';
}

function variablesOf(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)].map((m) => m[1]);
}

/** The variables the draft uses, in order of first appearance (header first, then body). */
export function draftVariables(d: Pick<TemplateDraft, 'header' | 'body' | 'headerFormat'>): string[] {
  return [...new Set([...variablesOf(headerText(d)), ...variablesOf(d.body)])];
}

export function draftProblems(d: TemplateDraft): DraftProblem[] {
  const out: DraftProblem[] = [];
  if (!isValidTemplateName(d.name)) out.push({ field: 'name', message: 'Use no nome só letras minúsculas, números e _ (por exemplo, promo_sabado).' });
  const body = d.body.trim();
  if (!body) out.push({ field: 'body', message: 'Escreva o texto do modelo.' });
  if (body.length > 1024) out.push({ field: 'body', message: `O texto tem ${body.length} caracteres; a Meta aceita até 1.024.` });
  const header = headerText(d);
  if (d.headerFormat === 'TEXT' && !header.trim()) out.push({ field: 'header', message: 'Escreva o texto do cabeçalho (ou escolha "Nenhum").' });
  if (header.trim().length > 60) out.push({ field: 'header', message: 'O cabeçalho aceita até 60 caracteres.' });
  const mediaKind = d.headerFormat ? MEDIA_HEADER_KINDS[d.headerFormat] : undefined;
  if (mediaKind) {
    const what = mediaKind === 'image' ? 'uma imagem' : mediaKind === 'video' ? 'um vídeo' : 'um documento';
    if (!d.headerSample) out.push({ field: 'headerSample', message: `Escolha ${what} de exemplo para o cabeçalho: a Meta pede um para revisar o modelo.` });
    else {
      const problem = headerMediaProblem(mediaKind, d.headerSample, TEMPLATE_SAMPLE_MEDIA);
      if (problem) out.push({ field: 'headerSample', message: headerMediaProblemText(mediaKind, problem, d.name.trim() || 'novo', TEMPLATE_SAMPLE_MEDIA) });
    }
  }
  if (variablesOf(header).length > 1) out.push({ field: 'header', message: 'O cabeçalho aceita no máximo uma variável.' });
  if (d.footer.trim().length > 60) out.push({ field: 'footer', message: 'O rodapé aceita até 60 caracteres.' });
  if (variablesOf(d.footer).length) out.push({ field: 'footer', message: 'O rodapé não aceita variáveis.' });
  const bodyVars = variablesOf(body);
  const headerVars = variablesOf(header);
  for (const [field, vars] of [['header', headerVars], ['body', bodyVars]] as const) {
    if (vars.some((v) => !/^\d+$/.test(v))) out.push({ field, message: 'Use variáveis numeradas: {{1}}, {{2}}…' });
    // Meta: numbered from 1, in order, without gaps.
    const nums = [...new Set(vars.filter((v) => /^\d+$/.test(v)).map(Number))];
    if (nums.some((n, i) => n !== i + 1)) out.push({ field, message: 'Numere as variáveis em ordem, começando em {{1}}, sem pular números.' });
  }
  if (body && (/^\{\{[^}]*\}\}/.test(body) || /\{\{[^}]*\}\}[.!?\s]*$/.test(body))) out.push({ field: 'body', message: 'A Meta recusa modelos que começam ou terminam com uma variável: escreva algo antes e depois.' });
  for (const v of draftVariables(d)) {
    if (!(d.examples[v] ?? '').trim()) out.push({ field: `example.${v}`, message: `Dê um exemplo para {{${v}}}: a Meta pede um para cada variável.` });
  }
  const buttons = d.buttons.map((b) => b.trim()).filter(Boolean);
  if (buttons.length > 3) out.push({ field: 'buttons', message: 'Use no máximo 3 botões de resposta rápida.' });
  if (buttons.some((b) => b.length > 25)) out.push({ field: 'buttons', message: 'Cada botão aceita até 25 caracteres.' });
  if (used(d.urlButton)) out.push(...urlButtonProblems(d.urlButton!));
  if (used(d.phoneButton)) out.push(...phoneButtonProblems(d.phoneButton!));
  if (d.category === 'UTILITY') {
    const text = `${header} ${body} ${d.footer}`.toLowerCase();
    const word = PROMOTIONAL.find((w) => text.includes(w));
    if (word) out.push({ field: 'category', warning: true, message: `"${word}" é linguagem promocional: a Meta classifica o modelo como marketing (mais caro) ou o recusa como utilidade. Use a categoria marketing ou tire a promoção.` });
  }
  return out;
}

/** The body Graph takes (components with their examples). */
export function draftToGraph(d: TemplateDraft): {
  name: string;
  language: string;
  category: TemplateDraft['category'];
  parameterFormat: 'POSITIONAL';
  components: Array<{ type: string; [k: string]: unknown }>;
  headerSample?: { sha256: string };
} {
  const ex = (vars: string[]) => vars.map((v) => d.examples[v]?.trim() ?? '');
  const components: Array<{ type: string; [k: string]: unknown }> = [];
  const header = headerText(d).trim();
  const media = d.headerFormat && MEDIA_HEADER_KINDS[d.headerFormat] ? d.headerFormat : null;
  // The sample's handle (example.header_handle) is added by the core after uploading the file.
  if (media) components.push({ type: 'HEADER', format: media });
  else if (header) {
    const vars = variablesOf(header);
    components.push({ type: 'HEADER', format: 'TEXT', text: header, ...(vars.length ? { example: { header_text: ex(vars) } } : {}) });
  }
  const body = d.body.trim();
  const bodyVars = [...new Set(variablesOf(body))];
  components.push({ type: 'BODY', text: body, ...(bodyVars.length ? { example: { body_text: [ex(bodyVars)] } } : {}) });
  if (d.footer.trim()) components.push({ type: 'FOOTER', text: d.footer.trim() });
  const buttons = d.buttons.map((b) => b.trim()).filter(Boolean);
  // Quick replies first, then the call-to-action buttons: Meta wants each kind grouped together.
  const all: Array<Record<string, unknown>> = buttons.map((text) => ({ type: 'QUICK_REPLY', text }));
  if (used(d.urlButton)) {
    const b = d.urlButton!;
    const url = b.url.trim();
    all.push({ type: 'URL', text: b.text.trim(), url, ...(variablesOf(url).length ? { example: [exampleUrl(b)] } : {}) });
  }
  if (used(d.phoneButton)) {
    const phone = normalizePhone(d.phoneButton!.phone);
    all.push({ type: 'PHONE_NUMBER', text: d.phoneButton!.text.trim(), phone_number: phone.ok ? phone.e164.replace(/^\+/, '') : d.phoneButton!.phone.trim() });
  }
  if (all.length) components.push({ type: 'BUTTONS', buttons: all });
  return { name: d.name.trim(), language: d.language, category: d.category, parameterFormat: 'POSITIONAL', components, ...(media && d.headerSample ? { headerSample: { sha256: d.headerSample.sha256 } } : {}) };
}

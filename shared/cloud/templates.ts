/**
 * WhatsApp message templates (Cloud API) as both sides need them: the variables a template has,
 * filling them from a contact, the preview text and the `components` of a send request.
 *
 * Templates arrive from Graph as `{ name, language, status, category, parameter_format,
 * components: [{ type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS', ... }] }`. Variables are
 * `{{1}}`, `{{2}}` (positional) or `{{first_name}}` (named) inside the header text, the body and
 * URL buttons. Recado names each slot `<component>.<name>`: `header.1`, `body.first_name`,
 * `button.0.1` (button index 0, its only variable).
 */
import { VariableResolver } from '../template/variables';
import type { TemplateContact } from '../template/types';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Review states Graph reports for a template. */
export type TemplateStatus = 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED' | 'IN_APPEAL' | 'PENDING_DELETION' | 'DELETED' | 'LIMIT_EXCEEDED' | 'ARCHIVED';

export type HeaderFormat = 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT' | 'LOCATION';

export interface TemplateButton {
  type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'COPY_CODE' | 'OTP' | string;
  text: string;
  url?: string;
  phone_number?: string;
  example?: string[];
}

export interface TemplateComponent {
  type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS' | string;
  format?: HeaderFormat | string;
  text?: string;
  buttons?: TemplateButton[];
  example?: Record<string, unknown>;
}

/** A template as stored in Recado (a snapshot of what Graph listed). */
export interface TemplateSpec {
  id: string;
  name: string;
  language: string;
  category: TemplateCategory | string;
  status?: TemplateStatus | string;
  parameterFormat?: 'POSITIONAL' | 'NAMED' | string;
  components: TemplateComponent[];
}

/** Limits Meta checks on a filled template (characters, after filling the variables). */
export const TEMPLATE_LIMITS = {
  headerText: 60,
  body: 1024,
  footer: 60,
  buttonText: 25,
  /** A URL button's variable part. */
  urlParam: 2000,
  /** One body parameter. */
  param: 1024,
} as const;

export interface TemplateSlot {
  /** `header.1`, `body.name`, `button.0.1`. */
  key: string;
  component: 'header' | 'body' | 'button';
  /** As written between the braces: `1` or `first_name`. */
  name: string;
  /** Button index for URL buttons. */
  buttonIndex?: number;
  /** Meta's example value, when the template carries one. */
  example?: string;
}

const VAR = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function namesIn(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const m of text.matchAll(VAR)) if (!out.includes(m[1])) out.push(m[1]);
  return out;
}

function componentOf(spec: Pick<TemplateSpec, 'components'>, type: string): TemplateComponent | undefined {
  return spec.components.find((c) => String(c.type).toUpperCase() === type);
}

function exampleFor(component: TemplateComponent | undefined, kind: 'header' | 'body', name: string, position: number): string | undefined {
  const ex = component?.example as Record<string, unknown> | undefined;
  if (!ex) return undefined;
  const named = ex[`${kind}_text_named_params`];
  if (Array.isArray(named)) {
    const hit = named.find((p) => (p as { param_name?: string }).param_name === name) as { example?: unknown } | undefined;
    if (hit && typeof hit.example === 'string') return hit.example;
  }
  const positional = ex[`${kind}_text`];
  if (Array.isArray(positional)) {
    // header_text: ["x"]; body_text: [["a", "b"]]
    const row = kind === 'body' && Array.isArray(positional[0]) ? (positional[0] as unknown[]) : positional;
    const v = row[position];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/** Every variable of a template, in the order Meta expects them (header, body, buttons). */
export function templateSlots(spec: Pick<TemplateSpec, 'components'>): TemplateSlot[] {
  const slots: TemplateSlot[] = [];
  const header = componentOf(spec, 'HEADER');
  if (header && String(header.format ?? 'TEXT').toUpperCase() === 'TEXT') {
    namesIn(header.text).forEach((name, i) => slots.push({ key: `header.${name}`, component: 'header', name, example: exampleFor(header, 'header', name, i) }));
  }
  const body = componentOf(spec, 'BODY');
  namesIn(body?.text).forEach((name, i) => slots.push({ key: `body.${name}`, component: 'body', name, example: exampleFor(body, 'body', name, i) }));
  const buttons = componentOf(spec, 'BUTTONS')?.buttons ?? [];
  buttons.forEach((b, index) => {
    if (String(b.type).toUpperCase() !== 'URL') return;
    for (const name of namesIn(b.url)) slots.push({ key: `button.${index}.${name}`, component: 'button', name, buttonIndex: index, example: b.example?.[0] });
  });
  return slots;
}

/** The header's media kind when the template has an image, video or document header. */
export function headerMediaKind(spec: Pick<TemplateSpec, 'components'>): 'image' | 'video' | 'document' | null {
  const format = String(componentOf(spec, 'HEADER')?.format ?? '').toUpperCase();
  if (format === 'IMAGE') return 'image';
  if (format === 'VIDEO') return 'video';
  if (format === 'DOCUMENT') return 'document';
  return null;
}

/** Where a variable's value comes from: a contact field (with a text for when it is empty) or fixed text. */
export type SlotSource = { kind: 'field'; field: string; fallback?: string } | { kind: 'text'; value: string };

export type SlotValues = Record<string, string>;

export interface SlotProblem {
  key: string;
  code: 'empty' | 'newline' | 'spaces' | 'too_long';
  /** pt-BR. */
  message: string;
}

/** Meta refuses body parameters with line breaks, tabs or more than 4 spaces in a row. */
export function paramProblem(key: string, value: string): SlotProblem | null {
  if (!value.trim()) return { key, code: 'empty', message: `A variável {{${key.split('.').pop()}}} ficou vazia: escolha outro campo ou escreva um texto padrão.` };
  if (/[\n\r\t]/.test(value)) return { key, code: 'newline', message: `A variável {{${key.split('.').pop()}}} tem quebra de linha ou tabulação, que a API oficial recusa.` };
  if (/ {5,}/.test(value)) return { key, code: 'spaces', message: `A variável {{${key.split('.').pop()}}} tem mais de 4 espaços seguidos, que a API oficial recusa.` };
  if (value.length > TEMPLATE_LIMITS.param) return { key, code: 'too_long', message: `A variável {{${key.split('.').pop()}}} passa de ${TEMPLATE_LIMITS.param} caracteres.` };
  return null;
}

export interface ContactForTemplate {
  contact: TemplateContact;
  now: Date;
  timeZone: string;
}

/**
 * The value of every slot for one contact. A field that is empty for this contact takes the
 * mapping's fallback text; a slot without a mapping stays empty (and is reported).
 */
export function resolveSlots(slots: TemplateSlot[], mapping: Record<string, SlotSource>, ctx: ContactForTemplate): { values: SlotValues; problems: SlotProblem[] } {
  const resolver = new VariableResolver({ contact: ctx.contact, now: ctx.now, timeZone: ctx.timeZone });
  const values: SlotValues = {};
  const problems: SlotProblem[] = [];
  for (const slot of slots) {
    const source = mapping[slot.key];
    let value = '';
    if (source?.kind === 'text') value = source.value;
    else if (source?.kind === 'field') value = resolver.value(source.field) || (source.fallback ?? '');
    value = value.trim();
    values[slot.key] = value;
    const problem = paramProblem(slot.key, value);
    if (problem) problems.push(problem);
  }
  return { values, problems };
}

function fill(text: string | undefined, prefix: string, values: SlotValues): string {
  if (!text) return '';
  return text.replace(VAR, (_m, name: string) => values[`${prefix}.${name}`] ?? `{{${name}}}`);
}

export interface FilledTemplate {
  header: { kind: 'text'; text: string } | { kind: 'image' | 'video' | 'document' } | null;
  body: string;
  footer: string | null;
  buttons: Array<{ type: string; text: string; url?: string }>;
  /** What the contact reads, as one text: the header line, the body and the footer. */
  previewText: string;
  problems: SlotProblem[];
}

/** The template as one contact will see it, with the limits Meta checks. */
export function fillTemplate(spec: Pick<TemplateSpec, 'components'>, values: SlotValues): FilledTemplate {
  const problems: SlotProblem[] = [];
  const headerC = componentOf(spec, 'HEADER');
  const media = headerMediaKind(spec);
  let header: FilledTemplate['header'] = null;
  if (media) header = { kind: media };
  else if (headerC?.text) {
    const text = fill(headerC.text, 'header', values);
    if (text.length > TEMPLATE_LIMITS.headerText) problems.push({ key: 'header', code: 'too_long', message: `O cabeçalho preenchido tem ${text.length} caracteres; o limite é ${TEMPLATE_LIMITS.headerText}.` });
    header = { kind: 'text', text };
  }
  const body = fill(componentOf(spec, 'BODY')?.text, 'body', values);
  if (body.length > TEMPLATE_LIMITS.body) problems.push({ key: 'body', code: 'too_long', message: `O corpo preenchido tem ${body.length} caracteres; o limite é ${TEMPLATE_LIMITS.body}.` });
  const footer = componentOf(spec, 'FOOTER')?.text ?? null;
  const buttons = (componentOf(spec, 'BUTTONS')?.buttons ?? []).map((b, index) => ({
    type: String(b.type).toUpperCase(),
    text: b.text,
    ...(b.url ? { url: fill(b.url, `button.${index}`, values) } : {}),
  }));
  const lines = [header?.kind === 'text' ? `*${header.text}*` : null, body, footer].filter((l): l is string => !!l);
  return { header, body, footer, buttons, previewText: lines.join('\n\n'), problems };
}

/** One `components` entry of a send request. */
export type SendComponent =
  | { type: 'header' | 'body'; parameters: Array<Record<string, unknown>> }
  | { type: 'button'; sub_type: 'url'; index: string; parameters: Array<Record<string, unknown>> };

/**
 * The `template.components` of a send request. Named templates carry `parameter_name`; a media
 * header takes the uploaded media id.
 */
export function sendComponents(spec: Pick<TemplateSpec, 'components' | 'parameterFormat'>, values: SlotValues, headerMediaId?: string | null): SendComponent[] {
  const named = String(spec.parameterFormat ?? '').toUpperCase() === 'NAMED';
  const slots = templateSlots(spec);
  const param = (slot: TemplateSlot) => ({ type: 'text', ...(named && slot.component !== 'button' ? { parameter_name: slot.name } : {}), text: values[slot.key] ?? '' });
  const out: SendComponent[] = [];
  const media = headerMediaKind(spec);
  if (media) {
    if (headerMediaId) out.push({ type: 'header', parameters: [{ type: media, [media]: { id: headerMediaId } }] });
  } else {
    const h = slots.filter((s) => s.component === 'header');
    if (h.length) out.push({ type: 'header', parameters: h.map(param) });
  }
  const b = slots.filter((s) => s.component === 'body');
  if (b.length) out.push({ type: 'body', parameters: b.map(param) });
  const byButton = new Map<number, TemplateSlot[]>();
  for (const s of slots.filter((x) => x.component === 'button')) byButton.set(s.buttonIndex!, [...(byButton.get(s.buttonIndex!) ?? []), s]);
  for (const [index, list] of byButton) out.push({ type: 'button', sub_type: 'url', index: String(index), parameters: list.map(param) });
  return out;
}

/** Graph's template names: lowercase letters, digits and underscores, up to 512 characters. */
export function isValidTemplateName(name: string): boolean {
  return /^[a-z0-9_]{1,512}$/.test(name);
}

/** A name Meta accepts, from what the user typed ("Promoção de Natal" → "promocao_de_natal"). */
export function toTemplateName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 512);
}

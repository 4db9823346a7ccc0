/**
 * Turns what a model answered into messages. Models are asked for JSON, but small local ones
 * wrap it in ```json fences, number the items, add chatter before and after, or skip the JSON
 * altogether — so this tries strict JSON first and degrades to reading a numbered list.
 */

/** Content of the first ``` fence if there is one, else the text itself. */
export function stripFences(text: string): string {
  const m = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)```/.exec(text);
  if (m) return m[1];
  // An opening fence that never closed (answer cut short).
  return text.replace(/^\s*```[a-zA-Z]*[ \t]*\r?\n?/, '');
}

/**
 * The first balanced JSON value in `text` starting at `from`, with raw line breaks inside
 * strings escaped (a common small-model mistake). Returns null when unbalanced.
 */
function scanJsonValue(text: string, from: number): string | null {
  const open = text[from];
  const stack: string[] = [open === '{' ? '}' : ']'];
  let out = open;
  let inString = false;
  for (let i = from + 1; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') {
        out += ch + (text[i + 1] ?? '');
        i++;
        continue;
      }
      if (ch === '"') inString = false;
      out += ch === '\n' ? '\\n' : ch === '\r' ? '' : ch === '\t' ? '\\t' : ch;
      continue;
    }
    out += ch;
    if (ch === '"') inString = true;
    else if (ch === '{') stack.push('}');
    else if (ch === '[') stack.push(']');
    else if (ch === '}' || ch === ']') {
      if (stack.pop() !== ch) return null;
      if (stack.length === 0) return out;
    }
  }
  return null;
}

/** First JSON object or array found in the text, or undefined. */
export function extractJson(text: string): unknown {
  const body = stripFences(text).trim();
  try {
    return JSON.parse(body);
  } catch {
    // fall through to scanning
  }
  for (let i = 0; i < body.length; i++) {
    if (body[i] !== '{' && body[i] !== '[') continue;
    const candidate = scanJsonValue(body, i);
    if (!candidate) continue;
    try {
      const value = JSON.parse(candidate);
      if (typeof value === 'object' && value !== null) return value;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

const LIST_KEYS = ['mensagens', 'messages', 'variacoes', 'variações', 'variations', 'opcoes', 'opções', 'items'];
const TEXT_KEYS = ['mensagem', 'message', 'modelo', 'template', 'texto', 'text', 'conteudo', 'conteúdo', 'content'];

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const obj = value as Record<string, unknown>;
    for (const k of TEXT_KEYS) if (typeof obj[k] === 'string') return obj[k] as string;
    const firstString = Object.values(obj).find((v) => typeof v === 'string');
    return typeof firstString === 'string' ? firstString : null;
  }
  return null;
}

function listOf(value: unknown): string[] | null {
  if (Array.isArray(value)) {
    const texts = value.map(textOf).filter((t): t is string => t !== null);
    return texts.length ? texts : null;
  }
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const k of LIST_KEYS) if (Array.isArray(obj[k])) return listOf(obj[k]);
    for (const v of Object.values(obj)) if (Array.isArray(v)) return listOf(v);
  }
  return null;
}

const CHATTER_START = /^(espero|se quiser|se precisar|posso|quer que|caso|obs|observa[çc][ãa]o|dica|essas|estas|aqui est[ãa]o|pronto|claro)\b/i;
const ITEM_MARKER =
  /^[ \t]*(?:[-*•][ \t]*)?(?:\*\*)?(?:(?:mensagem|varia[çc][ãa]o|op[çc][ãa]o)[ \t]*)?(?:#[ \t]*)?\d{1,2}[ \t]*(?:[.):\-–—]|\*\*)+(?:[ \t]+|\n)(?:\*\*)?[ \t]*/gim;

/** Cleans one message: quotes, numbering, literal "\n", `[primeiro_nome]` → `{primeiro_nome}`. */
export function cleanMessage(text: string): string {
  let t = text.replace(/\r\n?/g, '\n').replace(/\\n/g, '\n').trim();
  t = t.replace(/^(?:[-*•][ \t]+|\d{1,2}[.)][ \t]+)/, '');
  const quoted = /^["“'](?<inner>[\s\S]*)["”']$/.exec(t);
  if (quoted?.groups) t = quoted.groups.inner.trim();
  t = t.replace(/[ \t]+$/gm, '');
  t = t.replace(/\[(primeiro_nome|nome)\]/gi, (_m, v: string) => `{${v.toLowerCase()}}`);
  return t.replace(/\n{3,}/g, '\n\n').trim();
}

/**
 * A line that introduces the answer rather than being part of a message ("Claro! Seguem 3
 * opções:"). Right above a list, a message's own "Chegaram:" must not count, so a bare colon
 * is enough only when the lead-in stands alone as a paragraph.
 */
function isLeadIn(line: string, aloneAsParagraph: boolean): boolean {
  const s = line.trim();
  const colon = /:\s*$/.test(s);
  if (colon && aloneAsParagraph) return true;
  const opener = /^(?:claro|certo|ok|perfeito|com certeza|aqui|seguem|segue|abaixo|vou|pronto)\b/i.test(s);
  const aboutAnswer = /mensage|varia[çc]|op[çc][õoãa]|sugest/i.test(s);
  return (opener && aboutAnswer) || (colon && (opener || aboutAnswer));
}

/** A bullet at the start of a line: "- ", "* ", "• ", "– ". */
const BULLET = /^[ \t]{0,3}(?:[-*•–—]|\u2022)[ \t]+(?=\S)/;

/** Drops chatter paragraphs after the last item ("Espero que ajude!"). */
function dropTrailingChatter(item: string): string {
  const parts = item.split(/\n[ \t]*\n/);
  if (parts.length > 1 && parts.slice(1).every((p) => CHATTER_START.test(p.trim()) || !p.trim())) return parts[0];
  return item;
}

/**
 * Bullet-list answers ("- Oi…\n- Olá…"), when the list is the whole answer (after an optional
 * lead-in line). A message that merely contains a list starts with its own text, so it is not
 * split here.
 */
function splitBullets(body: string): string[] | null {
  const lines = body.split('\n');
  const first = lines.findIndex((l) => BULLET.test(l));
  if (first < 0 || lines.filter((l) => BULLET.test(l)).length < 2) return null;
  const before = lines.slice(0, first).filter((l) => l.trim());
  if (before.length > 1 || (before.length === 1 && !isLeadIn(before[0], false))) return null;
  const items: string[] = [];
  for (const line of lines.slice(first)) {
    if (BULLET.test(line)) items.push(line.replace(BULLET, ''));
    else if (items.length) items[items.length - 1] += `\n${line.replace(/^[ \t]{2,}/, '')}`;
  }
  items[items.length - 1] = dropTrailingChatter(items[items.length - 1]);
  return items;
}

/** Items of a numbered or bulleted list (two or more), else null: never splits at blank lines. */
function splitListed(text: string): string[] | null {
  const body = text.replace(/\r\n?/g, '\n');
  const markers = [...body.matchAll(ITEM_MARKER)];
  if (markers.length >= 2) return splitFreeText(body);
  return splitBullets(body);
}

/** Splits free text into items: numbered list, bullets, `---` separators, or blank-line paragraphs. */
function splitFreeText(text: string): string[] {
  const body = stripFences(text).replace(/\r\n?/g, '\n');
  const markers = [...body.matchAll(ITEM_MARKER)];
  if (markers.length >= 1) {
    const items: string[] = [];
    markers.forEach((m, i) => {
      const start = m.index + m[0].length;
      const end = i + 1 < markers.length ? markers[i + 1].index : body.length;
      items.push(body.slice(start, end));
    });
    items[items.length - 1] = dropTrailingChatter(items[items.length - 1]);
    return items;
  }
  const bullets = splitBullets(body);
  if (bullets) return bullets;
  const separated = body.split(/\n[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*\n/);
  const paragraphs = separated.length > 1 ? separated : body.split(/\n[ \t]*\n/);
  return paragraphs.filter((p, i) => {
    const s = p.trim();
    if (!s) return false;
    // Lead-in like "Aqui estão 3 mensagens:" or a closing remark.
    if (i === 0 && paragraphs.length > 1 && !s.includes('\n') && isLeadIn(s, true)) return false;
    if (i > 0 && i === paragraphs.length - 1 && CHATTER_START.test(s)) return false;
    return true;
  });
}

/** A refusal or apology is not copy. */
const REFUSAL = /^(desculp|sinto muito|lamento|n[ãa]o posso|n[ãa]o consigo|i'?m sorry|sorry|i can'?t|i cannot|as an ai)/i;

/** Why a piece of the answer was not used as a message. */
export type DroppedReason = 'duplicate' | 'refusal' | 'too_short';

export interface ParsedVariations {
  items: string[];
  /** Pieces of the answer left out, by reason (so the UI can say why a variation is empty). */
  dropped: Record<DroppedReason, number>;
}

function finishWithReasons(items: string[], max: number): ParsedVariations {
  const seen = new Set<string>();
  const out: string[] = [];
  const dropped: Record<DroppedReason, number> = { duplicate: 0, refusal: 0, too_short: 0 };
  for (const item of items) {
    if (out.length >= max) break;
    const t = cleanMessage(item);
    if (REFUSAL.test(t)) dropped.refusal++;
    else if (t.length < 3) {
      if (t.length > 0) dropped.too_short++;
    } else if (seen.has(t)) dropped.duplicate++;
    else {
      seen.add(t);
      out.push(t);
    }
  }
  return { items: out, dropped };
}

function finish(items: string[], max: number): string[] {
  return finishWithReasons(items, max).items;
}

/** Complete string items of a JSON list that was cut short (`{"mensagens": ["a", "b", "c…`). */
function salvageTruncatedList(text: string): string[] | null {
  const m = /"(?:mensagens|messages|variacoes|variações|variations)"\s*:\s*\[/.exec(text);
  if (!m) return null;
  const items: string[] = [];
  for (const lit of text.slice(m.index + m[0].length).matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    try {
      items.push(JSON.parse(`"${lit[1].replace(/\n/g, '\\n')}"`) as string);
    } catch {
      // skip a broken item, keep the rest
    }
  }
  return items.length ? items : null;
}

/** Up to `max` distinct messages from a model's answer, and what was left out and why. */
export function parseVariations(text: string, max: number): ParsedVariations {
  const json = extractJson(text);
  const fromJson = json === undefined ? null : listOf(json) ?? (textOf(json) !== null ? [textOf(json)!] : null);
  if (fromJson && fromJson.length) {
    // A JSON answer holding one string that is really a whole list ("1. Oi…\n2. Olá…").
    const listed = fromJson.length === 1 && max > 1 ? splitListed(fromJson[0]) : null;
    return finishWithReasons(listed ?? fromJson, max);
  }
  const salvaged = salvageTruncatedList(stripFences(text));
  if (salvaged) return finishWithReasons(salvaged, max);
  return finishWithReasons(splitFreeText(text), max);
}

/** Up to `max` distinct messages from a model's answer (empty when nothing usable). */
export function parseVariationList(text: string, max: number): string[] {
  return parseVariations(text, max).items;
}

/** One message (or template) from a model's answer, or null when nothing usable. */
export function parseSingleMessage(text: string): string | null {
  const json = extractJson(text);
  if (json !== undefined) {
    const single = textOf(json) ?? listOf(json)?.[0] ?? null;
    if (single !== null) return finish([single], 1)[0] ?? null;
  }
  return finish(splitFreeText(text), 1)[0] ?? null;
}

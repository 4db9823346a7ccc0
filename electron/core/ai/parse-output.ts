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

/** Splits free text into items: numbered list, `---` separators, or blank-line paragraphs. */
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
    // Drop chatter after the last item ("Espero que ajude!").
    const last = items.length - 1;
    const parts = items[last].split(/\n[ \t]*\n/);
    if (parts.length > 1 && parts.slice(1).every((p) => CHATTER_START.test(p.trim()) || !p.trim())) items[last] = parts[0];
    return items;
  }
  const separated = body.split(/\n[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*\n/);
  const paragraphs = separated.length > 1 ? separated : body.split(/\n[ \t]*\n/);
  return paragraphs.filter((p, i) => {
    const s = p.trim();
    if (!s) return false;
    // Lead-in like "Aqui estão 3 mensagens:" or a closing remark.
    if (i === 0 && paragraphs.length > 1 && /:\s*$/.test(s) && !s.includes('\n')) return false;
    if (i > 0 && i === paragraphs.length - 1 && CHATTER_START.test(s)) return false;
    return true;
  });
}

/** A refusal or apology is not copy. */
const REFUSAL = /^(desculp|sinto muito|lamento|n[ãa]o posso|n[ãa]o consigo|i'?m sorry|sorry|i can'?t|i cannot|as an ai)/i;

function finish(items: string[], max: number): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const item of items) {
    const t = cleanMessage(item);
    if (t.length < 3 || seen.has(t) || REFUSAL.test(t)) continue;
    seen.add(t);
    out.push(t);
    if (out.length >= max) break;
  }
  return out;
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

/** Up to `max` distinct messages from a model's answer (empty when nothing usable). */
export function parseVariationList(text: string, max: number): string[] {
  const json = extractJson(text);
  const fromJson = json === undefined ? null : listOf(json) ?? (textOf(json) !== null ? [textOf(json)!] : null);
  if (fromJson && fromJson.length) return finish(fromJson, max);
  const salvaged = salvageTruncatedList(stripFences(text));
  if (salvaged) return finish(salvaged, max);
  return finish(splitFreeText(text), max);
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

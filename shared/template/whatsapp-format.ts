/**
 * WhatsApp's text formatting, for the message preview. The UI maps tokens to React elements
 * (never innerHTML), so message text can never inject markup.
 *
 * Rules followed (as WhatsApp applies them): `*bold*`, `_italic_`, `~strike~`, `` `code` ``
 * and ```` ```monospace``` ````. A marker opens only at the start of a line or after a
 * non-alphanumeric character and must be followed by non-space text; it closes only after
 * non-space text and before the end or a non-alphanumeric character (so `2*3*4` and
 * `primeiro_nome_aqui` stay plain). Inline styles never span lines; ``` blocks may.
 */

export type WaToken =
  | { type: 'text'; text: string }
  | { type: 'newline' }
  | { type: 'bold' | 'italic' | 'strike'; children: WaToken[] }
  | { type: 'monospace' | 'code'; text: string };

const STYLE: Record<string, 'bold' | 'italic' | 'strike' | 'code'> = {
  '*': 'bold',
  _: 'italic',
  '~': 'strike',
  '`': 'code',
};
const MAX_DEPTH = 8;

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);
const isSpace = (ch: string | undefined) => ch === undefined || /\s/u.test(ch);

function pushText(out: WaToken[], text: string): void {
  if (!text) return;
  const last = out[out.length - 1];
  if (last && last.type === 'text') last.text += text;
  else out.push({ type: 'text', text });
}

function findClose(line: string, open: number, marker: string): number {
  for (let k = open + 2; k < line.length; k++) {
    if (line[k] === marker && !isSpace(line[k - 1]) && !isWordChar(line[k + 1])) return k;
  }
  return -1;
}

function inline(line: string, depth: number): WaToken[] {
  const out: WaToken[] = [];
  let buf = '';
  let i = 0;
  while (i < line.length) {
    const ch = line[i];
    const style = STYLE[ch];
    if (style && depth < MAX_DEPTH && !isWordChar(line[i - 1]) && !isSpace(line[i + 1]) && line[i + 1] !== ch) {
      const close = findClose(line, i, ch);
      if (close > 0) {
        pushText(out, buf);
        buf = '';
        const inner = line.slice(i + 1, close);
        if (style === 'code') out.push({ type: 'code', text: inner });
        else out.push({ type: style, children: inline(inner, depth + 1) });
        i = close + 1;
        continue;
      }
    }
    buf += ch;
    i++;
  }
  pushText(out, buf);
  return out;
}

function lines(segment: string, out: WaToken[]): void {
  const parts = segment.split(/\r?\n/);
  parts.forEach((line, idx) => {
    if (idx > 0) out.push({ type: 'newline' });
    for (const t of inline(line, 0)) {
      if (t.type === 'text') pushText(out, t.text);
      else out.push(t);
    }
  });
}

/** Splits a rendered message into formatting tokens for the preview. */
export function parseWhatsAppFormatting(text: string): WaToken[] {
  const src = typeof text === 'string' ? text : '';
  const out: WaToken[] = [];
  let pos = 0;
  while (pos < src.length) {
    const open = src.indexOf('```', pos);
    const close = open >= 0 ? src.indexOf('```', open + 4) : -1;
    if (open < 0 || close < 0) break;
    lines(src.slice(pos, open), out);
    out.push({ type: 'monospace', text: src.slice(open + 3, close) });
    pos = close + 3;
  }
  lines(src.slice(pos), out);
  return out;
}

/** Text without the formatting markers, as the recipient reads it. */
export function whatsAppPlainText(tokens: WaToken[]): string {
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'text':
        case 'monospace':
        case 'code':
          return t.text;
        case 'newline':
          return '\n';
        default:
          return whatsAppPlainText(t.children);
      }
    })
    .join('');
}

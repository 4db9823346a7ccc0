/**
 * Reads the messages out of a model answer that is still arriving, so the editor can fill in
 * as the text streams: `{"mensagens": ["Oi {primeiro_nome}…", "Olá…` → both texts, the last one
 * unfinished. Only the JSON shapes our prompts ask for; anything else yields [] until the end
 * (the final answer is parsed leniently by parse-output.ts).
 */

const KEY = /"(mensagens|mensagem|modelo)"\s*:\s*/;
const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

interface StringRead {
  value: string;
  /** Index just after the closing quote; -1 when the string is not finished yet. */
  end: number;
}

/** Decodes a JSON string starting at the opening quote `raw[start]`, tolerating a cut-off end. */
function readString(raw: string, start: number): StringRead {
  let value = '';
  let i = start + 1;
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === '"') return { value, end: i + 1 };
    if (ch !== '\\') {
      value += ch;
      i++;
      continue;
    }
    const next = raw[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = raw.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      value += String.fromCharCode(parseInt(hex, 16));
      i += 6;
      continue;
    }
    value += ESCAPES[next] ?? next;
    i += 2;
  }
  // A lone high surrogate at the cut would show as garbage.
  return { value: value.replace(/[\uD800-\uDBFF]$/, ''), end: -1 };
}

export function partialMessages(raw: string): string[] {
  const m = KEY.exec(raw);
  if (!m) return [];
  let i = m.index + m[0].length;
  if (raw[i] === '"') return [readString(raw, i).value];
  if (raw[i] !== '[') return [];
  i++;
  const out: string[] = [];
  while (i < raw.length) {
    const ch = raw[i];
    if (ch === ']') break;
    if (ch === '"') {
      const s = readString(raw, i);
      out.push(s.value);
      if (s.end < 0) break;
      i = s.end;
      continue;
    }
    i++;
  }
  return out;
}

/**
 * The message syntax of the dictionaries: `{name}` inserts a value, and a small subset of ICU
 * MessageFormat chooses words by number or by value:
 *
 *   '{count, plural, one {# contato} other {# contatos}}'
 *   '{count, plural, =0 {nenhum contato} one {# contato} other {# contatos}}'
 *   '{kind, select, local {o programa} other {o serviço}}'
 *
 * A select on an empty value takes its `none` branch when there is one (an optional detail).
 * Inside a plural branch `#` is the count as the caller passed it (callers usually pass it
 * already formatted, "1.234"). Plural categories come from `Intl.PluralRules`. Pure code, so
 * it is unit-tested without a browser.
 */

import { pluralCategory } from '../../../shared/i18n/plural';

export { pluralCategory };
export type Vars = Record<string, string | number>;

/** The number a plural variable stands for; callers may pass "1.234" or "1,234" as well as 1234. */
function countOf(value: string | number): number {
  if (typeof value === 'number') return value;
  const digits = value.replace(/[^\d]/g, '');
  return digits ? Number(digits) : NaN;
}

/** Formats `text` with `vars`. Unknown `{names}` are left as they are, so a missing value shows. */
export function formatMessage(language: string, text: string, vars?: Vars): string {
  if (!text.includes('{')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf('{', i);
    if (open < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, open);
    const close = matchingBrace(text, open);
    if (close < 0) {
      out += text.slice(open);
      break;
    }
    out += formatArgument(language, text.slice(open + 1, close), text.slice(open, close + 1), vars);
    i = close + 1;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) return j;
  }
  return -1;
}

function formatArgument(language: string, inner: string, raw: string, vars?: Vars): string {
  const simple = /^\s*(\w+)\s*$/.exec(inner);
  if (simple) {
    const name = simple[1];
    return vars && name in vars ? String(vars[name]) : raw;
  }
  const choice = /^\s*(\w+)\s*,\s*(plural|select)\s*,/.exec(inner);
  if (!choice) return raw;
  const [, name, kind] = choice;
  const branches = parseBranches(inner.slice(choice[0].length));
  if (!branches || !vars || !(name in vars)) return raw;
  const value = vars[name];
  let body: string | undefined;
  if (kind === 'select') {
    const key = String(value) === '' && branches.has('none') ? 'none' : String(value);
    body = branches.get(key) ?? branches.get('other');
    return body === undefined ? raw : formatMessage(language, body, vars);
  }
  const n = countOf(value);
  body = branches.get(`=${n}`) ?? branches.get(Number.isNaN(n) ? 'other' : pluralCategory(language, n)) ?? branches.get('other');
  if (body === undefined) return raw;
  const shown = typeof value === 'number' ? value.toLocaleString(language) : value;
  return formatMessage(language, replaceHash(body, shown), vars);
}

/** `one {…} other {…}` → Map; null when malformed. */
function parseBranches(text: string): Map<string, string> | null {
  const branches = new Map<string, string>();
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i])) i++;
    if (i >= text.length) break;
    const key = /^[=\w-]+/.exec(text.slice(i));
    if (!key) return null;
    i += key[0].length;
    while (i < text.length && /\s/.test(text[i])) i++;
    if (text[i] !== '{') return null;
    const close = matchingBrace(text, i);
    if (close < 0) return null;
    branches.set(key[0], text.slice(i + 1, close));
    i = close + 1;
  }
  return branches.size ? branches : null;
}

/** `#` at this level only: a nested plural keeps its own `#`. */
function replaceHash(body: string, shown: string): string {
  let out = '';
  let depth = 0;
  for (const ch of body) {
    if (ch === '{') depth++;
    else if (ch === '}') depth--;
    out += ch === '#' && depth === 0 ? shown : ch;
  }
  return out;
}

import { isVariableName, normalizeKey } from './normalize';
import type { LintIssue, SpinNode, TemplateAst, TemplateNode, TextNode, VariableNode } from './types';

/** Deeper nesting is treated as literal text, so hostile input cannot blow the stack. */
export const MAX_NESTING = 40;

type TokKind = 'open' | 'close' | 'pipe' | 'colon' | 'text';
interface Tok {
  kind: TokKind;
  value: string;
  start: number;
  end: number;
}

const ESCAPABLE = new Set(['{', '}', '|', ':', '\\']);

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let textStart = -1;
  const flushText = (at: number) => {
    if (textStart >= 0 && at > textStart) {
      toks.push({ kind: 'text', value: src.slice(textStart, at), start: textStart, end: at });
    }
    textStart = -1;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i];
    if (ch === '\\' && i + 1 < src.length && ESCAPABLE.has(src[i + 1])) {
      flushText(i);
      toks.push({ kind: 'text', value: src[i + 1], start: i, end: i + 2 });
      i++;
      continue;
    }
    const kind: TokKind | null =
      ch === '{' ? 'open' : ch === '}' ? 'close' : ch === '|' ? 'pipe' : ch === ':' ? 'colon' : null;
    if (kind) {
      flushText(i);
      toks.push({ kind, value: ch, start: i, end: i + 1 });
    } else if (textStart < 0) {
      textStart = i;
    }
  }
  flushText(src.length);
  return toks;
}

/** Pairs braces; unpaired (or too deeply nested) ones become literal text. */
function matchBraces(toks: Tok[], issues: LintIssue[]): Map<number, number> {
  const match = new Map<number, number>();
  const stack: Array<{ idx: number; literal: boolean }> = [];
  let depth = 0;
  let reportedDeep = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'open') {
      const literal = depth >= MAX_NESTING;
      if (literal && !reportedDeep) {
        reportedDeep = true;
        issues.push({
          code: 'syntax.too_deep',
          severity: 'error',
          message: `Há chaves demais uma dentro da outra (máximo ${MAX_NESTING} níveis). Simplifique as variações.`,
          start: t.start,
          end: t.end,
        });
      }
      stack.push({ idx: i, literal });
      if (!literal) depth++;
    } else if (t.kind === 'close') {
      const top = stack.pop();
      if (!top) {
        t.kind = 'text';
        issues.push({
          code: 'syntax.unbalanced_close',
          severity: 'error',
          message: 'Esta "}" fecha uma chave que não foi aberta. Apague-a ou escreva \\} para mostrar a chave no texto.',
          start: t.start,
          end: t.end,
        });
      } else if (top.literal) {
        t.kind = 'text';
        toks[top.idx].kind = 'text';
      } else {
        depth--;
        match.set(top.idx, i);
      }
    }
  }
  for (const open of stack) {
    toks[open.idx].kind = 'text';
    if (!open.literal) {
      issues.push({
        code: 'syntax.unbalanced_open',
        severity: 'error',
        message: 'Esta "{" nunca é fechada. Feche com "}" ou escreva \\{ para mostrar a chave no texto.',
        start: toks[open.idx].start,
        end: toks[open.idx].end,
      });
    }
  }
  return match;
}

class Parser {
  constructor(
    private readonly src: string,
    private readonly toks: Tok[],
    private readonly match: Map<number, number>,
    private readonly issues: LintIssue[],
  ) {}

  /** Tokens [from, to) as a node sequence; pipes and colons here are plain text. */
  seq(from: number, to: number): TemplateNode[] {
    const nodes: TemplateNode[] = [];
    let i = from;
    while (i < to) {
      const t = this.toks[i];
      if (t.kind === 'open') {
        const close = this.match.get(i)!;
        nodes.push(this.group(i, close));
        i = close + 1;
        continue;
      }
      const last = nodes[nodes.length - 1];
      if (last && last.type === 'text' && last.end === t.start) {
        last.value += t.value;
        last.end = t.end;
      } else {
        nodes.push({ type: 'text', value: t.value, start: t.start, end: t.end });
      }
      i++;
    }
    return nodes;
  }

  /** Top-level token ranges of a brace group, split at its own pipes. */
  private splitOptions(open: number, close: number): Array<[number, number]> {
    const ranges: Array<[number, number]> = [];
    let start = open + 1;
    let i = open + 1;
    while (i < close) {
      const t = this.toks[i];
      if (t.kind === 'open') {
        i = this.match.get(i)! + 1;
        continue;
      }
      if (t.kind === 'pipe') {
        ranges.push([start, i]);
        start = i + 1;
      }
      i++;
    }
    ranges.push([start, close]);
    return ranges;
  }

  private rangeOffsets(from: number, to: number): { start: number; end: number } {
    if (from >= to) {
      // Empty option: point at the gap right after the opening brace or pipe.
      const at = this.toks[from - 1].end;
      return { start: at, end: at };
    }
    return { start: this.toks[from].start, end: this.toks[to - 1].end };
  }

  group(open: number, close: number): TemplateNode {
    const start = this.toks[open].start;
    const end = this.toks[close].end;
    const ranges = this.splitOptions(open, close);

    if (ranges.length >= 2) {
      const spin: SpinNode = { type: 'spin', options: [], optionRanges: [], start, end };
      for (const [a, b] of ranges) {
        const r = this.rangeOffsets(a, b);
        spin.options.push(this.seq(a, b));
        spin.optionRanges.push(r);
        if (a >= b) {
          this.issues.push({
            code: 'syntax.empty_option',
            severity: 'warning',
            message: 'Há uma opção vazia nesta variação (ex.: "{a||b}"). Apague a barra a mais ou escreva a opção.',
            start: Math.max(start, r.start - 1),
            end: Math.min(end, r.end + 1),
          });
        }
      }
      return spin;
    }

    const [a, b] = ranges[0];
    const oneOption = (): SpinNode => ({
      type: 'spin',
      options: [this.seq(a, b)],
      optionRanges: [this.rangeOffsets(a, b)],
      start,
      end,
    });

    if (a >= b) {
      this.issues.push({
        code: 'syntax.empty_braces',
        severity: 'error',
        message: 'Chaves vazias "{}" não fazem nada. Escreva uma variável, como {primeiro_nome}, ou apague as chaves.',
        start,
        end,
      });
      return oneOption();
    }

    // `{name}` or `{name:fallback}`: plain text up to the first colon must be a variable name.
    let colon = -1;
    let plainName = true;
    for (let i = a; i < b; i++) {
      const k = this.toks[i].kind;
      if (k === 'colon') {
        colon = i;
        break;
      }
      if (k !== 'text') {
        plainName = false;
        break;
      }
    }
    const nameEnd = colon >= 0 ? colon : b;
    if (plainName && nameEnd > a) {
      const name = this.toks
        .slice(a, nameEnd)
        .map((t) => t.value)
        .join('');
      if (isVariableName(name)) {
        const node: VariableNode = {
          type: 'variable',
          name: name.trim(),
          key: normalizeKey(name),
          fallback: colon >= 0 ? trimNodes(this.seq(colon + 1, b)) : null,
          raw: this.src.slice(start, end),
          start,
          end,
        };
        return node;
      }
    }

    // `{{nome}}` (double braces) is the same variable; `{{a|b}}` the same spin.
    if (this.toks[a].kind === 'open' && this.match.get(a) === b - 1) {
      const inner = this.group(a, b - 1);
      if (inner.type === 'variable') return { ...inner, raw: this.src.slice(start, end), start, end };
      return { ...inner, start, end };
    }

    this.issues.push({
      code: 'syntax.not_a_variable',
      severity: 'error',
      message:
        'Chaves sem "|" são lidas como variável, mas isto não é um nome de variável. Para variações use {opção 1|opção 2}; para mostrar chaves use \\{ e \\}.',
      start,
      end,
    });
    return oneOption();
  }
}

/** Drops whitespace around a fallback so `{primeiro_nome: cliente}` yields "cliente". */
function trimNodes(nodes: TemplateNode[]): TemplateNode[] {
  const out = nodes.slice();
  const first = out[0];
  if (first && first.type === 'text') {
    const v = first.value.replace(/^\s+/, '');
    out[0] = { ...first, value: v, start: first.end - v.length };
  }
  const li = out.length - 1;
  const last = out[li];
  if (last && last.type === 'text') {
    const v = last.value.replace(/\s+$/, '');
    out[li] = { ...last, value: v, end: last.start + v.length };
  }
  return out.filter((n) => n.type !== 'text' || n.value.length > 0);
}

export interface ParseResult {
  ast: TemplateAst;
  /** Syntax problems only; `lintTemplate` adds content checks. */
  errors: LintIssue[];
}

/** Parses a template. Never throws: malformed parts become literal text plus an issue. */
export function parseTemplate(src: string): ParseResult {
  const source = typeof src === 'string' ? src : String(src ?? '');
  const issues: LintIssue[] = [];
  const toks = tokenize(source);
  const match = matchBraces(toks, issues);
  const parser = new Parser(source, toks, match, issues);
  const nodes = parser.seq(0, toks.length);
  issues.sort((x, y) => x.start - y.start);
  return { ast: { type: 'template', source, nodes }, errors: issues };
}

export function isTextNode(n: TemplateNode): n is TextNode {
  return n.type === 'text';
}

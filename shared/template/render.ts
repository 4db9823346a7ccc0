import { parseTemplate } from './parse';
import { createRng, randomIndex } from './random';
import type { RenderContext, RenderResult, TemplateAst, TemplateNode } from './types';
import { VariableResolver } from './variables';

/** `null` marks a spot where something rendered empty, so whitespace around it can be tidied. */
type Piece = string | null;

interface RenderState {
  resolver: VariableResolver;
  rng: () => number;
  choices: number[];
  out: Piece[];
}

function renderNodes(nodes: TemplateNode[], st: RenderState): void {
  for (const node of nodes) {
    if (node.type === 'text') {
      st.out.push(node.value);
    } else if (node.type === 'variable') {
      const value = st.resolver.value(node.key);
      if (value) {
        st.out.push(value);
      } else if (node.fallback) {
        renderMarked(node.fallback, st);
      } else if (value === undefined) {
        // Unknown variable: stays visible so the preview shows the mistake (the linter flags it).
        st.out.push(node.raw);
      } else {
        st.out.push(null);
      }
    } else {
      const n = node.options.length;
      const idx = randomIndex(st.rng, n);
      if (n > 1) st.choices.push(idx);
      renderMarked(node.options[idx] ?? [], st);
    }
  }
}

/** Renders nodes and leaves a gap marker if they produced nothing. */
function renderMarked(nodes: TemplateNode[], st: RenderState): void {
  const before = st.out.length;
  renderNodes(nodes, st);
  for (let i = before; i < st.out.length; i++) if (st.out[i]) return;
  st.out.push(null);
}

function pickSentinel(text: string): string {
  for (let cp = 0xe000; cp <= 0xf8ff; cp++) {
    const ch = String.fromCharCode(cp);
    if (!text.includes(ch)) return ch;
  }
  return '\u0000';
}

const CLOSING_PUNCT = /[.!?…)\]]/;

/**
 * Joins pieces and cleans up where something rendered empty: no double spaces, no space
 * before punctuation, no dangling comma ("Bom dia, {nome}!" → "Bom dia!").
 */
export function joinPieces(pieces: Piece[]): string {
  if (!pieces.includes(null)) return pieces.join('');
  const plain = pieces.filter((p): p is string => p !== null).join('');
  const S = pickSentinel(plain);
  const joined = pieces.map((p) => (p === null ? S : p)).join('');
  const re = new RegExp(`(,?)([ \\t]*(?:${S}[ \\t]*)+)([,;:][ \\t]*)?`, 'g');
  const tidied = joined.replace(re, (match: string, comma: string, gap: string, trailing: string | undefined, offset: number) => {
    const prev = offset > 0 ? joined[offset - 1] : undefined;
    const next = joined[offset + match.length];
    const hasSpace = /[ \t]/.test(gap);
    const lineStart = !comma && (prev === undefined || prev === '\n' || prev === '(');
    if (lineStart) return '';
    if (trailing) return trailing;
    if (next === undefined || next === '\n' || next === '\r' || CLOSING_PUNCT.test(next)) return '';
    return comma + (hasSpace ? ' ' : '');
  });
  return tidied.split(S).join('');
}

/**
 * Renders a template for one contact. Deterministic for a given seed; never throws — a
 * malformed template renders its literal text.
 */
export function renderTemplate(
  template: string | TemplateAst,
  ctx: RenderContext,
  seed: number | string,
): RenderResult {
  try {
    const ast = typeof template === 'string' ? parseTemplate(template).ast : template;
    const st: RenderState = {
      resolver: new VariableResolver(ctx ?? ({} as RenderContext)),
      rng: createRng(seed),
      choices: [],
      out: [],
    };
    renderNodes(ast.nodes, st);
    return { text: joinPieces(st.out), choices: st.choices };
  } catch {
    const text = typeof template === 'string' ? template : (template?.source ?? '');
    return { text: String(text ?? ''), choices: [] };
  }
}

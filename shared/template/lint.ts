import { foldWithMap, normalizeKey } from './normalize';
import { parseTemplate } from './parse';
import type { LintIssue, TemplateAst, TemplateNode } from './types';
import { BUILTIN_VARIABLES, isBuiltinVariable } from './variables';

/** WhatsApp rejects text messages longer than this. */
export const WHATSAPP_MAX_LENGTH = 4096;
export const MAX_EMOJI = 6;

/**
 * Words and phrases that spam filters (and annoyed recipients who press "report") associate
 * with scams. Folded: lower-case, no accents. Longer phrases first so they win over parts.
 */
export const SPAM_TERMS: readonly string[] = [
  'promocao imperdivel',
  'voce foi selecionado',
  'voce foi sorteado',
  'oferta por tempo limitado',
  'dinheiro facil',
  'dinheiro rapido',
  'lucro garantido',
  '100% garantido',
  'ultima chance',
  'clique aqui',
  'clica aqui',
  'renda extra',
  'aproveite ja',
  'compre ja',
  'risco zero',
  'de graca',
  'so hoje',
  'imperdivel',
  'garantido',
  'urgente',
  'gratis',
  'ganhe',
  'premio',
  'sorteio',
];

/** Rough lengths for the longest-message estimate; custom fields default to 40. */
const VARIABLE_LENGTH: Record<string, number> = {
  nome: 50,
  primeiro_nome: 20,
  telefone: 20,
  saudacao: 9,
  dia_semana: 13,
  data: 10,
};
const DEFAULT_FIELD_LENGTH = 40;

const LINK = /(?:https?:\/\/|www\.)[^\s{}|]+|(?<![\p{L}\p{N}@.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|br|me|ly|io|app|link|site|store|shop|info|gl)(?:\.br)?(?:\/[^\s{}|]*)?(?![\p{L}\p{N}])/giu;
const EMOJI = /\p{Extended_Pictographic}/gu;

export interface LintOptions {
  /** Variables this list provides (CSV columns); built-ins are always known. */
  knownVariables: readonly string[];
  /** Characters reserved for text appended later (e.g. the opt-out footer). */
  reservedLength?: number;
  /** Longest value per variable key, to tighten the length estimate. */
  variableLengths?: Record<string, number>;
}

function countMatches(re: RegExp, text: string): number {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(text)) n++;
  return n;
}

/** Largest value of an additive measure over every possible render. */
function maxOver(nodes: TemplateNode[], measure: (n: TemplateNode) => number | null): number {
  let total = 0;
  for (const node of nodes) {
    const own = measure(node);
    if (own !== null) {
      total += own;
    } else if (node.type === 'spin') {
      total += node.options.reduce((m, o) => Math.max(m, maxOver(o, measure)), 0);
    } else if (node.type === 'variable' && node.fallback) {
      total += maxOver(node.fallback, measure);
    }
  }
  return Math.min(total, Number.MAX_SAFE_INTEGER);
}

/** Longest text any render can produce (variables estimated). */
export function maxRenderedLength(ast: TemplateAst, variableLengths: Record<string, number> = {}): number {
  return maxOver(ast.nodes, (n) => {
    if (n.type === 'text') return n.value.length;
    if (n.type === 'variable') {
      const own = variableLengths[n.key] ?? VARIABLE_LENGTH[n.key] ?? DEFAULT_FIELD_LENGTH;
      const fb = n.fallback ? maxRenderedLength({ ...ast, nodes: n.fallback }, variableLengths) : 0;
      return Math.max(own, fb);
    }
    return null;
  });
}

function walk(nodes: TemplateNode[], visit: (n: TemplateNode) => void): void {
  for (const n of nodes) {
    visit(n);
    if (n.type === 'spin') n.options.forEach((o) => walk(o, visit));
    else if (n.type === 'variable' && n.fallback) walk(n.fallback, visit);
  }
}

function variableIssues(ast: TemplateAst, known: Set<string>): LintIssue[] {
  const issues: LintIssue[] = [];
  const suggestions = [...BUILTIN_VARIABLES, ...[...known].filter((k) => !isBuiltinVariable(k))]
    .slice(0, 8)
    .map((k) => `{${k}}`)
    .join(', ');
  walk(ast.nodes, (n) => {
    if (n.type === 'variable' && !isBuiltinVariable(n.key) && !known.has(n.key)) {
      issues.push(
        n.fallback
          ? {
              code: 'variable.unknown',
              severity: 'warning',
              message: `A variável {${n.name}} não existe nesta lista, então todos receberão o valor padrão. Confira o nome (disponíveis: ${suggestions}).`,
              start: n.start,
              end: n.end,
            }
          : {
              code: 'variable.unknown',
              severity: 'error',
              message: `A variável {${n.name}} não existe nesta lista e apareceria assim na mensagem. Corrija o nome (disponíveis: ${suggestions}).`,
              start: n.start,
              end: n.end,
            },
      );
    }
    if (n.type === 'spin' && n.options.length > 1) {
      n.options.forEach((opt, i) => {
        const first = opt[0];
        const m = first && first.type === 'text' ? /^\s*([\p{L}_][\p{L}\p{M}\p{N}_ ]*):/u.exec(first.value) : null;
        if (!m) return;
        const key = normalizeKey(m[1]);
        if (!isBuiltinVariable(key) && !known.has(key)) return;
        issues.push({
          code: 'variable.fallback_in_spin',
          severity: 'warning',
          message: `"${m[1]}:" dentro de uma variação com "|" vira texto sorteado, não valor padrão. Para valor padrão escreva {${m[1]}:texto} sem "|"; para variar o padrão use {${m[1]}:{opção 1|opção 2}}.`,
          start: n.optionRanges[i].start,
          end: n.optionRanges[i].end,
        });
      });
    }
  });
  return issues;
}

function spamIssues(src: string): LintIssue[] {
  const { folded, map } = foldWithMap(src);
  const taken: Array<[number, number]> = [];
  const issues: LintIssue[] = [];
  for (const term of SPAM_TERMS) {
    const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'gu');
    for (let m = re.exec(folded); m; m = re.exec(folded)) {
      const a = m.index;
      const b = a + m[0].length;
      if (taken.some(([x, y]) => a < y && b > x)) continue;
      taken.push([a, b]);
      const start = map[a];
      const end = map[b];
      issues.push({
        code: 'content.spam_word',
        severity: 'warning',
        message: `"${src.slice(start, end)}" é comum em spam e aumenta a chance de denúncias e bloqueio. Prefira outra forma de dizer.`,
        start,
        end,
      });
    }
  }
  return issues;
}

function isShouting(word: string): boolean {
  return word.length >= 2 && word === word.toLocaleUpperCase('pt-BR') && word !== word.toLocaleLowerCase('pt-BR');
}

/** Three or more words in a row in capitals (single acronyms like PIX or CNPJ are fine). */
function capsIssues(ast: TemplateAst): LintIssue[] {
  const issues: LintIssue[] = [];
  walk(ast.nodes, (n) => {
    if (n.type !== 'text') return;
    const slice = ast.source.slice(n.start, n.end);
    let run: Array<{ start: number; end: number; letters: number }> = [];
    const flush = () => {
      const letters = run.reduce((s, w) => s + w.letters, 0);
      if (run.length >= 3 && letters >= 8) {
        issues.push({
          code: 'content.all_caps',
          severity: 'warning',
          message: 'Texto em maiúsculas soa como grito e chama a atenção de filtros de spam. Escreva com letras normais.',
          start: run[0].start,
          end: run[run.length - 1].end,
        });
      }
      run = [];
    };
    for (const m of slice.matchAll(/[\p{L}\p{M}]+/gu)) {
      const word = m[0];
      if (isShouting(word)) run.push({ start: n.start + m.index, end: n.start + m.index + word.length, letters: word.length });
      else flush();
    }
    flush();
  });
  return issues;
}

function firstRanges(re: RegExp, src: string): Array<{ start: number; end: number }> {
  return [...src.matchAll(re)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** All problems in a template: syntax, unknown variables, length, links, spam words, caps, emoji. */
export function lintTemplate(src: string, options: LintOptions = { knownVariables: [] }): LintIssue[] {
  const { ast, errors } = parseTemplate(src);
  const known = new Set((options.knownVariables ?? []).map(normalizeKey));
  const issues: LintIssue[] = [...errors, ...variableIssues(ast, known)];

  const longest = maxRenderedLength(ast, options.variableLengths) + (options.reservedLength ?? 0);
  if (longest > WHATSAPP_MAX_LENGTH) {
    issues.push({
      code: 'length.too_long',
      severity: 'error',
      message: `A mensagem pode chegar a ${longest.toLocaleString('pt-BR')} caracteres, e o WhatsApp aceita até ${WHATSAPP_MAX_LENGTH.toLocaleString('pt-BR')}. Encurte o texto ou as variações mais longas.`,
      start: 0,
      end: ast.source.length,
    });
  }

  const maxLinks = maxOver(ast.nodes, (n) => (n.type === 'text' ? countMatches(LINK, n.value) : n.type === 'variable' ? 0 : null));
  if (maxLinks > 1) {
    const links = firstRanges(LINK, ast.source);
    const second = links[1] ?? { start: 0, end: ast.source.length };
    issues.push({
      code: 'content.multiple_links',
      severity: 'warning',
      message: `A mensagem pode levar ${maxLinks} links. Mensagens com mais de um link são bloqueadas com mais frequência; deixe só o principal.`,
      start: second.start,
      end: second.end,
    });
  }

  issues.push(...spamIssues(ast.source), ...capsIssues(ast));

  const maxEmoji = maxOver(ast.nodes, (n) => (n.type === 'text' ? countMatches(EMOJI, n.value) : n.type === 'variable' ? 0 : null));
  if (maxEmoji > MAX_EMOJI) {
    const all = firstRanges(EMOJI, ast.source);
    const extra = all[MAX_EMOJI] ?? { start: 0, end: ast.source.length };
    issues.push({
      code: 'content.too_many_emoji',
      severity: 'warning',
      message: `A mensagem pode ter ${maxEmoji} emojis. Use no máximo ${MAX_EMOJI} para não parecer propaganda em massa.`,
      start: extra.start,
      end: all[all.length - 1]?.end ?? extra.end,
    });
  }

  return issues.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** True when nothing blocks sending (warnings are allowed). */
export function hasBlockingIssues(issues: readonly LintIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

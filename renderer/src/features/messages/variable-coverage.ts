import { parseTemplate } from '../../../../shared/template/parse';
import type { TemplateNode, VariableNode } from '../../../../shared/template/types';

/** Variables written without a fallback (`{cidade}`, not `{cidade:sua cidade}`), in order. */
export function bareVariables(text: string): VariableNode[] {
  const out: VariableNode[] = [];
  const walk = (nodes: TemplateNode[]) => {
    for (const n of nodes) {
      if (n.type === 'variable') {
        if (n.fallback === null) out.push(n);
        else walk(n.fallback);
      } else if (n.type === 'spin') n.options.forEach(walk);
    }
  };
  walk(parseTemplate(text).ast.nodes);
  return out;
}

/** Distinct lookup keys of the bare variables of every text. */
export function bareKeys(texts: readonly string[]): string[] {
  return [...new Set(texts.flatMap((t) => bareVariables(t).map((v) => v.key)))].sort();
}

/**
 * Texts that read well in place of an empty value. Messages are in Portuguese whatever the
 * interface language, so these are too.
 */
const FALLBACKS: Record<string, string> = {
  primeiro_nome: 'cliente',
  nome: 'cliente',
  cidade: 'sua cidade',
  bairro: 'seu bairro',
  estado: 'seu estado',
  uf: 'seu estado',
  empresa: 'sua empresa',
  loja: 'nossa loja',
  produto: 'nosso produto',
  curso: 'nosso curso',
  plano: 'seu plano',
  servico: 'nosso serviço',
  profissao: 'sua área',
  cargo: 'sua área',
  vendedor: 'nossa equipe',
  consultor: 'nossa equipe',
};

export function suggestedFallback(key: string): string | null {
  return FALLBACKS[key] ?? null;
}

/** Gives every bare `{key}` of the text the fallback: `{cidade}` → `{cidade:sua cidade}`. */
export function applyFallback(text: string, key: string, fallback: string): string {
  let out = text;
  // From the end, so earlier offsets stay valid.
  for (const v of bareVariables(text).filter((x) => x.key === key).reverse()) {
    out = `${out.slice(0, v.start)}{${v.name}:${fallback}}${out.slice(v.end)}`;
  }
  return out;
}

export interface CoverageWarning {
  key: string;
  /** As written in the text, e.g. `Cidade`. */
  name: string;
  empty: number;
  total: number;
  fallback: string | null;
}

/** The warnings for one variation: bare variables empty for part (or all) of the audience. */
export function coverageWarnings(
  text: string,
  coverage: { total: number; variables: ReadonlyArray<{ key: string; empty: number }> } | null,
): CoverageWarning[] {
  if (!coverage || coverage.total === 0) return [];
  const empty = new Map(coverage.variables.map((v) => [v.key, v.empty]));
  const seen = new Set<string>();
  const out: CoverageWarning[] = [];
  for (const v of bareVariables(text)) {
    const n = empty.get(v.key) ?? 0;
    if (n === 0 || seen.has(v.key)) continue;
    seen.add(v.key);
    out.push({ key: v.key, name: v.name, empty: n, total: coverage.total, fallback: suggestedFallback(v.key) });
  }
  return out;
}

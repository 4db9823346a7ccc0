/**
 * Shared types of the template language. Offsets (`start`/`end`) are UTF-16 indices into the
 * source string, end-exclusive, so the editor can underline exactly what an issue is about.
 */

export interface TextNode {
  type: 'text';
  value: string;
  start: number;
  end: number;
}

export interface VariableNode {
  type: 'variable';
  /** Name as written (trimmed), e.g. `Primeiro Nome`. */
  name: string;
  /** Lookup key: lower-case, accent-free, spaces/hyphens as `_`, e.g. `primeiro_nome`. */
  key: string;
  /** Nodes after the first `:`; `null` when the variable has no fallback. */
  fallback: TemplateNode[] | null;
  /** Exact source slice, shown verbatim when the variable is unknown. */
  raw: string;
  start: number;
  end: number;
}

export interface SpinNode {
  type: 'spin';
  options: TemplateNode[][];
  /** Source range of each option (without the separating pipes). */
  optionRanges: Array<{ start: number; end: number }>;
  start: number;
  end: number;
}

export type TemplateNode = TextNode | VariableNode | SpinNode;

export interface TemplateAst {
  type: 'template';
  source: string;
  nodes: TemplateNode[];
}

export type LintSeverity = 'error' | 'warning';

export interface LintIssue {
  /** Stable machine code, e.g. `variable.unknown`. */
  code: string;
  severity: LintSeverity;
  /** pt-BR, says what is wrong and how to fix it. */
  message: string;
  start: number;
  end: number;
}

export interface TemplateContact {
  name?: string | null;
  firstName?: string | null;
  phone?: string | null;
  fields?: Record<string, string | null | undefined> | null;
}

export interface RenderContext {
  contact: TemplateContact;
  now: Date;
  /** IANA time zone used by `{saudacao}`, `{dia_semana}` and `{data}`. */
  timeZone: string;
  /**
   * Variables that exist for this list even if this contact lacks them (e.g. every CSV column).
   * They render empty instead of staying visible as `{x}` when the contact has no value.
   */
  knownVariables?: readonly string[];
}

export interface RenderResult {
  text: string;
  /** Option index chosen at each spin, in evaluation order. */
  choices: number[];
}

export type {
  LintIssue,
  LintSeverity,
  RenderContext,
  RenderResult,
  SpinNode,
  TemplateAst,
  TemplateContact,
  TemplateNode,
  TextNode,
  VariableNode,
} from './types';
export { parseTemplate, MAX_NESTING, type ParseResult } from './parse';
export { renderTemplate } from './render';
export { renderMessageText } from './message';
export { lintTemplate, hasBlockingIssues, maxRenderedLength, SPAM_TERMS, WHATSAPP_MAX_LENGTH, MAX_EMOJI, type LintOptions } from './lint';
export {
  templateMetrics,
  variationsSimilarity,
  textSimilarity,
  SIMILARITY_THRESHOLD,
  VARIATION_SIMILARITY_THRESHOLD,
  type TemplateMetrics,
  type VariationPair,
  type VariationsSimilarity,
} from './metrics';
export { pickVariation, type VariationStrategy } from './variation';
export { appendOptOut, optOutFooter, optOutLength, DEFAULT_OPT_OUT_TEXT, type OptOutOptions } from './opt-out';
export { parseWhatsAppFormatting, whatsAppPlainText, type WaToken } from './whatsapp-format';
export { firstName, timeValues, BUILTIN_VARIABLES, BUILTIN_VARIABLE_LABELS, isBuiltinVariable, type BuiltinVariable } from './variables';
export { normalizeKey, isVariableName } from './normalize';
export { createRng, hashSeed } from './random';

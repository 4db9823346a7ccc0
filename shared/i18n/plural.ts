/**
 * Plural choice by `Intl.PluralRules`, for pt-BR text written by the core and for the
 * renderer's dictionaries (renderer/src/i18n/format.ts), so both agree on one rule.
 */

const ruleCache = new Map<string, Intl.PluralRules>();

/**
 * The plural category of `n`. CLDR groups 0 with 1 in Portuguese ("one"), but Brazilian usage
 * writes "0 contatos", so zero takes the "other" form (a message can still say `=0 {…}`).
 */
export function pluralCategory(language: string, n: number): Intl.LDMLPluralRule {
  if (n === 0) return 'other';
  let rules = ruleCache.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    ruleCache.set(language, rules);
  }
  return rules.select(n);
}

/** "1 contato" / "2 contatos": the count (formatted in pt-BR) and the right word. */
export function plural(n: number, one: string, other: string): string {
  return `${n.toLocaleString('pt-BR')} ${pluralCategory('pt-BR', n) === 'one' ? one : other}`;
}

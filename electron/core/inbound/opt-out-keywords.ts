/** Recognizing an opt-out reply: the whole message is one keyword, ignoring case, accents and punctuation. */

export const DEFAULT_OPT_OUT_KEYWORDS = ['SAIR', 'PARAR', 'STOP', 'CANCELAR', 'DESCADASTRAR'] as const;

/** Upper-case, accent-free, trimmed, without surrounding punctuation, inner spaces collapsed. */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toUpperCase()
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/\s+/g, ' ');
}

/** The keyword the message consists of, or null. "Sair." and "sáir" match SAIR; "quero sair" does not. */
export function matchOptOut(text: string, keywords: readonly string[] = DEFAULT_OPT_OUT_KEYWORDS): string | null {
  const t = normalizeKeyword(text);
  if (!t) return null;
  for (const k of keywords) if (normalizeKeyword(k) === t) return k;
  return null;
}

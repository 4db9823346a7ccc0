/** "820 KB", "4,2 MB" ("4.2 MB" in English): file sizes for people. */
export function formatBytes(bytes: number, language = 'pt-BR'): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(language)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${(mb >= 10 ? Math.round(mb) : Math.round(mb * 10) / 10).toLocaleString(language)} MB`;
}

/** Big counts stay readable: 1.234, "mais de 1 milhão". */
export function formatCount(n: number, language: string): string {
  if (n >= 1_000_000) return language === 'en' ? 'over a million' : 'mais de 1 milhão';
  return n.toLocaleString(language);
}

/** A short random id for new variations (the schema caps ids at 40 characters). */
export function newVariationId(): string {
  return `v${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}

/** Client-chosen job id, so events can be matched before the call returns. */
export function newJobId(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `job-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

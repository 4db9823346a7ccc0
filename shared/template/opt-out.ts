/** Default opt-out line; keeps lists clean and lowers the chance of reports. */
export const DEFAULT_OPT_OUT_TEXT = 'Responda SAIR para não receber mais mensagens.';

export interface OptOutOptions {
  enabled: boolean;
  /** Custom footer; blank means the default. */
  text?: string | null;
}

/** The footer that will be appended, or '' when disabled. */
export function optOutFooter(options: OptOutOptions): string {
  if (!options.enabled) return '';
  return options.text?.trim() || DEFAULT_OPT_OUT_TEXT;
}

/** Appends the opt-out footer as its own paragraph (once, even if called twice). */
export function appendOptOut(text: string, options: OptOutOptions): string {
  const footer = optOutFooter(options);
  if (!footer) return text;
  const body = text.replace(/\s+$/, '');
  if (body.endsWith(footer)) return body;
  return body ? `${body}\n\n${footer}` : footer;
}

/** Extra characters the footer adds (for the length check). */
export function optOutLength(options: OptOutOptions): number {
  const footer = optOutFooter(options);
  return footer ? footer.length + 2 : 0;
}

import { isApiErrorShape } from '../../../shared/api/errors';
import type { Language } from '../../../shared/settings/schema';
import { coreErrorsEn } from './core-errors.en';
import { coreNoticesEn } from './core-notices.en';
import { formatMessage, type Vars } from './format';

/**
 * Errors from the core arrive with a stable `code`, `params` for the values their text names,
 * and a pt-BR `message`. The UI shows the message in pt-BR and, in other languages, the
 * translation of the code with the params filled in; a code without a translation falls back
 * to the core's pt-BR text rather than to nothing.
 */
const translations: Partial<Record<Language, Record<string, string>>> = { en: coreErrorsEn };

/** The error's own text, untranslated: the last resort when nothing better names it. */
export function rawErrorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function describeError(language: Language, err: unknown, fallback: string): string {
  if (!isApiErrorShape(err)) return fallback;
  const template = translations[language]?.[err.code];
  if (!template) return err.message;
  return formatMessage(language, template, paramsOf(err, translations[language]!, language));
}

/** The error's params; one holding another code (`reason: 'phone.too_short'`) becomes that code's text. */
function paramsOf(err: { params?: unknown }, table: Record<string, string>, language: Language = 'en'): Vars {
  const out: Vars = {};
  if (err.params && typeof err.params === 'object') {
    for (const [k, v] of Object.entries(err.params as Record<string, unknown>)) {
      if (typeof v === 'number' || typeof v === 'string') out[k] = v;
    }
  }
  for (const [k, v] of Object.entries(out)) {
    if (typeof v === 'string' && Object.hasOwn(table, v)) out[k] = formatMessage(language, table[v], out);
  }
  return out;
}

const notices: Partial<Record<Language, Record<string, { title: string; body: string }>>> = { en: coreNoticesEn };

/** A core notification's title and body in the UI language (pt-BR as sent when there is no translation). */
export function describeNotification(language: Language, n: { kind: string; title: string; body: string; params?: Record<string, string | number> }): { title: string; body: string } {
  const text = notices[language]?.[n.kind];
  if (!text || !n.params) return { title: n.title, body: n.body };
  const params = paramsOf(n, translations[language] ?? {}, language);
  for (const [k, v] of Object.entries(params)) {
    if (k.endsWith('At') && typeof v === 'number') params[k] = new Date(v).toLocaleString(language, { dateStyle: 'short', timeStyle: 'short' });
  }
  return { title: formatMessage(language, text.title, params), body: formatMessage(language, text.body, params) };
}

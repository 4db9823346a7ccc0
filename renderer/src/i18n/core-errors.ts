import { isApiErrorShape } from '../../../shared/api/errors';
import type { Language } from '../../../shared/settings/schema';
import { coreErrorsEn } from './core-errors.en';
import { formatMessage, type Vars } from './format';

/**
 * Errors from the core arrive with a stable `code`, `params` for the values their text names,
 * and a pt-BR `message`. The UI shows the message in pt-BR and, in other languages, the
 * translation of the code with the params filled in; a code without a translation falls back
 * to the core's pt-BR text rather than to nothing.
 */
const translations: Partial<Record<Language, Record<string, string>>> = { en: coreErrorsEn };

export function describeError(language: Language, err: unknown, fallback: string): string {
  if (!isApiErrorShape(err)) return fallback;
  const template = translations[language]?.[err.code];
  if (!template) return err.message;
  return formatMessage(language, template, paramsOf(err, translations[language]!));
}

/** The error's params; one holding another code (`reason: 'phone.too_short'`) becomes that code's text. */
function paramsOf(err: { params?: unknown }, table: Record<string, string>): Vars {
  const out: Vars = {};
  if (err.params && typeof err.params === 'object') {
    for (const [k, v] of Object.entries(err.params as Record<string, unknown>)) {
      if (typeof v === 'number') out[k] = v;
      else if (typeof v === 'string') out[k] = Object.hasOwn(table, v) ? table[v] : v;
    }
  }
  return out;
}

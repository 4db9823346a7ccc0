import { useAppStore } from '../store/app-store';
import type { Language } from '../../../shared/settings/schema';
import { describeError } from './core-errors';
import { translate, translatorFor, type MessageKey, type Translate } from './translate';

export type { MessageKey, Translate };
export { translate, translatorFor };

function useLanguage(): Language {
  return useAppStore((s) => s.settings?.language ?? 'pt-BR');
}

/** The translator for the UI language; the same function until the language changes. */
export function useT(): Translate {
  return translatorFor(useLanguage());
}

export type ErrorText = (err: unknown, fallback: string) => string;
const errorTexts = new Map<Language, ErrorText>();

/** Text for a failure: a core error translated by its code, anything else as `fallback`. Stable per language. */
export function useErrorText(): ErrorText {
  const language = useLanguage();
  let fn = errorTexts.get(language);
  if (!fn) {
    fn = (err, fallback) => describeError(language, err, fallback);
    errorTexts.set(language, fn);
  }
  return fn;
}

import { useAppStore } from '../store/app-store';
import type { Language } from '../../../shared/settings/schema';
import { describeError } from './core-errors';
import { translate, translatorFor, type MessageKey, type Translate } from './translate';

export type { MessageKey, Translate };
export { translate, translatorFor };
export { rawErrorMessage } from './core-errors';
export { flagText, importWarningText, licenseNoticeText, pauseText, waitText, whatsappStatusText } from './core-texts';

/** The UI language (pt-BR until the settings load). */
export function useLanguage(): Language {
  return useAppStore((s) => s.settings?.language ?? 'pt-BR');
}

const numberFormats = new Map<Language, (n: number) => string>();

/** Formats a count in the UI language ("1.234" in pt-BR, "1,234" in English). Stable per language. */
export function useNumber(): (n: number) => string {
  const language = useLanguage();
  let fn = numberFormats.get(language);
  if (!fn) {
    const f = new Intl.NumberFormat(language);
    fn = (n) => f.format(n);
    numberFormats.set(language, fn);
  }
  return fn;
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

import type { Language } from '../../../shared/settings/schema';
import { en } from './en';
import { formatMessage, type Vars } from './format';
import { ptBR, type MessageKey } from './pt-BR';

const dictionaries: Record<Language, Record<MessageKey, string>> = { 'pt-BR': ptBR, en };

export type { MessageKey, Vars };
export type Translate = (key: MessageKey, vars?: Vars) => string;

export function translate(language: Language, key: MessageKey, vars?: Vars): string {
  const text = dictionaries[language]?.[key] ?? ptBR[key] ?? key;
  return formatMessage(language, text, vars);
}

const translators = new Map<Language, Translate>();

/**
 * One function per language, made once: components put `t` in effect dependencies, and a new
 * function on every render would re-run those effects (a form reloading over what was typed).
 */
export function translatorFor(language: Language): Translate {
  let t = translators.get(language);
  if (!t) {
    t = (key, vars) => translate(language, key, vars);
    translators.set(language, t);
  }
  return t;
}

import { useAppStore } from '../store/app-store';
import type { Language } from '../../../shared/settings/schema';
import { en } from './en';
import { ptBR, type MessageKey } from './pt-BR';

const dictionaries: Record<Language, Record<MessageKey, string>> = { 'pt-BR': ptBR, en };

export type { MessageKey };

export function translate(language: Language, key: MessageKey, vars?: Record<string, string | number>): string {
  const text = dictionaries[language]?.[key] ?? ptBR[key] ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

export function useT() {
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  return (key: MessageKey, vars?: Record<string, string | number>) => translate(language, key, vars);
}

import type { useT } from '../../i18n';

type T = ReturnType<typeof useT>;

export function numbersText(t: T, n: number): string {
  return n === 1 ? t('license.numbers.one') : t('license.numbers.many', { n: n.toLocaleString() });
}

export function limitsText(t: T, limits: { messagesPerDay: number; numbers: number; aiPerDay: number }): string {
  return t('license.limits.value', {
    messages: limits.messagesPerDay.toLocaleString(),
    numbers: numbersText(t, limits.numbers),
    ai: limits.aiPerDay.toLocaleString(),
  });
}

export function formatDate(language: string, ms: number, withTime = false): string {
  return new Intl.DateTimeFormat(language, withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' }).format(ms);
}

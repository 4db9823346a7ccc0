import type { useT } from '../../i18n';

type T = ReturnType<typeof useT>;

type Num = (n: number) => string;

/** `num` formats counts in the UI language (useNumber). */
export function numbersText(t: T, n: number, num: Num): string {
  return n === 1 ? t('license.numbers.one') : t('license.numbers.many', { n: num(n) });
}

export function limitsText(t: T, limits: { messagesPerDay: number; numbers: number; aiPerDay: number }, num: Num): string {
  return t('license.limits.value', {
    messages: num(limits.messagesPerDay),
    numbers: numbersText(t, limits.numbers, num),
    ai: num(limits.aiPerDay),
  });
}

export function formatDate(language: string, ms: number, withTime = false): string {
  return new Intl.DateTimeFormat(language, withTime ? { dateStyle: 'long', timeStyle: 'short' } : { dateStyle: 'long' }).format(ms);
}

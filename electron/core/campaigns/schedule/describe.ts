import { localParts } from './tz';
import { nextOpen, windowCloseAt } from './window';
import type { SendingWindow } from './types';

const WEEKDAYS: Record<'pt-BR' | 'en', string[]> = {
  'pt-BR': ['dom', 'seg', 'ter', 'qua', 'qui', 'sex', 'sáb'],
  en: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
};

const TEXTS = {
  'pt-BR': {
    open: (until: string) => `janela aberta — envios até ${until}`,
    waiting: (at: string) => `aguardando janela — próximo envio ${at}`,
    closed: 'janela encerrada — não há próximos envios',
    at: (day: string, time: string) => `${day} às ${time}`,
  },
  en: {
    open: (until: string) => `window open — sending until ${until}`,
    waiting: (at: string) => `waiting for window — next send ${at}`,
    closed: 'window closed — no further sends',
    at: (day: string, time: string) => `${day} at ${time}`,
  },
};

type Lang = keyof typeof TEXTS;

function langOf(locale: string | undefined): Lang {
  return locale && locale.toLowerCase().startsWith('en') ? 'en' : 'pt-BR';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `"seg, 24/11 às 09:00"` (pt-BR) in the window's zone. */
export function formatLocalMoment(ms: number, timeZone: string, locale = 'pt-BR'): string {
  const lang = langOf(locale);
  const p = localParts(ms, timeZone);
  const day = lang === 'en' ? `${WEEKDAYS.en[p.weekday]}, ${pad(p.month)}/${pad(p.day)}` : `${WEEKDAYS['pt-BR'][p.weekday]}, ${pad(p.day)}/${pad(p.month)}`;
  return TEXTS[lang].at(day, `${pad(p.hour)}:${pad(p.minute)}`);
}

/**
 * One line for the campaign screen about the window at `fromMs`, e.g.
 * `"aguardando janela — próximo envio seg, 24/11 às 09:00"`, `"janela aberta — envios até 18:00"`
 * or `"janela encerrada — não há próximos envios"`. Falls back to pt-BR for unknown locales.
 */
export function describeNextSend(w: SendingWindow, fromMs: number, locale = 'pt-BR'): string {
  const lang = langOf(locale);
  const next = nextOpen(w, fromMs);
  if (next === null) return TEXTS[lang].closed;
  if (next === fromMs) {
    const close = windowCloseAt(w, fromMs);
    if (close === null) return TEXTS[lang].closed;
    const a = localParts(fromMs, w.timeZone);
    const b = localParts(close, w.timeZone);
    const sameDay = a.year === b.year && a.month === b.month && a.day === b.day;
    const until = sameDay ? `${pad(b.hour)}:${pad(b.minute)}` : formatLocalMoment(close, w.timeZone, lang);
    return TEXTS[lang].open(until);
  }
  return TEXTS[lang].waiting(formatLocalMoment(next, w.timeZone, lang));
}

/** Times on screen: one zone (the app's), named when it is not the computer's. Pure. */

/** The zone of the computer the interface runs on. */
export function pcTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "America/Sao_Paulo" → "America/Sao Paulo". */
export function zoneLabel(zone: string): string {
  return zone.replace(/_/g, ' ');
}

export interface DisplayTime {
  /** The one zone every time on screen is shown in: the app's (Configurações › Fuso horário). */
  zone: string;
  /** "horário de America/Sao Paulo" when that zone is not the computer's, else null. */
  note: string | null;
  /** Date and time in that zone; `withZone` appends the note when there is one. */
  format(ms: number, withZone?: boolean): string;
  /** The date alone, in that zone (the day a moment fell on there). */
  date(ms: number): string;
}

/**
 * Formats a date and time in `zone`, naming the zone when it differs from `pcZone`.
 * `noteOf` words the note ("horário de …") in the UI language.
 */
export function displayTime(language: 'pt-BR' | 'en', zone: string, noteOf: (label: string) => string, pcZone: string = pcTimeZone()): DisplayTime {
  const locale = language === 'en' ? 'en-US' : 'pt-BR';
  const f = new Intl.DateTimeFormat(locale, { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });
  const d = new Intl.DateTimeFormat(locale, { timeZone: zone });
  const note = zone === pcZone ? null : noteOf(zoneLabel(zone));
  return {
    zone,
    note,
    format: (ms, withZone = false) => {
      const text = f.format(new Date(ms));
      return withZone && note ? `${text} (${note})` : text;
    },
    date: (ms) => d.format(new Date(ms)),
  };
}

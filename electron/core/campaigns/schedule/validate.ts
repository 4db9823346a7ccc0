import { brazilianStates } from './holidays';
import { isValidTimeZone } from './tz';
import type { SendingWindow } from './types';

/** A problem with a sending window, with a pt-BR message for the user. */
export interface WindowIssue {
  code:
    | 'WINDOW_TIME_ZONE_INVALID'
    | 'WINDOW_DAYS_INVALID'
    | 'WINDOW_TIME_INVALID'
    | 'WINDOW_STATE_INVALID'
    | 'WINDOW_RANGE_INVALID';
  field: keyof SendingWindow;
  message: string;
}

/** Error thrown by {@link assertValidWindow}. */
export class SendingWindowError extends Error {
  readonly code = 'WINDOW_INVALID';
  constructor(readonly issues: WindowIssue[]) {
    super(issues.map((i) => i.message).join(' '));
    this.name = 'SendingWindowError';
  }
}

const HHMM = /^(\d{2}):(\d{2})$/;

/** Minutes after midnight for `'HH:MM'`, or null when malformed. `'24:00'` only if `allow24`. */
export function parseHHMM(value: string, allow24 = false): number | null {
  const m = HHMM.exec(value);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59) return null;
  if (h < 24) return h * 60 + min;
  if (allow24 && h === 24 && min === 0) return 1440;
  return null;
}

/** Every problem with `w` (empty when valid). */
export function validateWindow(w: SendingWindow): WindowIssue[] {
  const issues: WindowIssue[] = [];
  if (!isValidTimeZone(w.timeZone)) {
    issues.push({ code: 'WINDOW_TIME_ZONE_INVALID', field: 'timeZone', message: `Fuso horário desconhecido: "${w.timeZone}". Escolha um fuso da lista.` });
  }
  if (!Array.isArray(w.days) || w.days.length === 0 || w.days.some((d) => !Number.isInteger(d) || d < 0 || d > 6)) {
    issues.push({ code: 'WINDOW_DAYS_INVALID', field: 'days', message: 'Escolha pelo menos um dia da semana para enviar.' });
  }
  if (parseHHMM(w.start) === null) {
    issues.push({ code: 'WINDOW_TIME_INVALID', field: 'start', message: 'Horário de início inválido. Use o formato HH:MM, por exemplo 09:00.' });
  }
  if (parseHHMM(w.end, true) === null) {
    issues.push({ code: 'WINDOW_TIME_INVALID', field: 'end', message: 'Horário de término inválido. Use o formato HH:MM, por exemplo 18:00.' });
  }
  const state = w.skipHolidays?.state;
  if (state !== undefined && !brazilianStates().includes(state.toUpperCase())) {
    issues.push({ code: 'WINDOW_STATE_INVALID', field: 'skipHolidays', message: `Estado desconhecido para feriados: "${state}". Use a sigla, por exemplo SP.` });
  }
  if (w.startAt !== undefined && w.endAt !== undefined && w.endAt <= w.startAt) {
    issues.push({ code: 'WINDOW_RANGE_INVALID', field: 'endAt', message: 'A data de término precisa ser depois da data de início.' });
  }
  return issues;
}

/** Throws {@link SendingWindowError} (code `WINDOW_INVALID`) when `w` is not usable. */
export function assertValidWindow(w: SendingWindow): void {
  const issues = validateWindow(w);
  if (issues.length > 0) throw new SendingWindowError(issues);
}

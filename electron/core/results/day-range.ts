/** Local-day ranges for the dashboard, in the app's time zone (DST-proof: built from calendar dates). */
import { ApiError } from '../../../shared/api/errors';
import type { DashboardRange } from '../../../shared/api/methods/results';
import { addDays, daysBetween, formatDateKey, localDate, type LocalDate } from '../campaigns/schedule/tz';
import { dayStart } from './local-days';

export const MAX_RANGE_DAYS = 366;

export interface DayRange {
  kind: DashboardRange;
  /** First instant of the first day. */
  from: number;
  /** First instant after the last day. */
  to: number;
  fromDay: string;
  toDay: string;
  days: number;
  timeZone: string;
}

function parseDay(key: string, field: string): LocalDate {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  const d = m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
  if (!d || formatDateKey(addDays(d, 0)) !== key) throw new ApiError('results.invalid_range', `Data ${field} inválida: use o formato AAAA-MM-DD.`, undefined, { variant: field === 'inicial' ? 'from' : 'to' });
  return d;
}

function span(kind: DashboardRange, first: LocalDate, last: LocalDate, timeZone: string): DayRange {
  return {
    kind,
    from: dayStart(first, timeZone),
    to: dayStart(addDays(last, 1), timeZone),
    fromDay: formatDateKey(first),
    toDay: formatDateKey(last),
    days: daysBetween(first, last) + 1,
    timeZone,
  };
}

export function resolveRange(input: { range: DashboardRange; from?: string; to?: string }, now: number, timeZone: string): DayRange {
  const today = localDate(now, timeZone);
  switch (input.range) {
    case 'today':
      return span('today', today, today, timeZone);
    case '7d':
      return span('7d', addDays(today, -6), today, timeZone);
    case '30d':
      return span('30d', addDays(today, -29), today, timeZone);
    case 'custom': {
      if (!input.from || !input.to) throw new ApiError('results.invalid_range', 'Escolha a data inicial e a final do período.', undefined, { variant: 'missing' });
      const a = parseDay(input.from, 'inicial');
      const b = parseDay(input.to, 'final');
      if (daysBetween(a, b) < 0) throw new ApiError('results.invalid_range', 'A data final vem antes da inicial. Troque as datas.', undefined, { variant: 'order' });
      if (daysBetween(a, b) + 1 > MAX_RANGE_DAYS) throw new ApiError('results.invalid_range', `Escolha um período de até ${MAX_RANGE_DAYS} dias.`, undefined, { variant: 'long', max: MAX_RANGE_DAYS });
      return span('custom', a, b, timeZone);
    }
  }
}

import type { HolidayRule } from './holidays';

/**
 * When a campaign may send. Times are local wall-clock times in `timeZone`.
 *
 * A window *instance* starts on a local date D listed in `days` (and not a holiday) at `start`
 * and ends at `end` on the same date, or on D+1 when `end <= start` (it crosses midnight; equal
 * times mean a full 24-hour window). So Fri 22:00–02:00 belongs to Friday and is still open at
 * Sat 01:00 even when Saturday is not a sending day.
 */
export interface SendingWindow {
  /** IANA zone, e.g. `'America/Sao_Paulo'` (the default). */
  timeZone: string;
  /** Days on which a window STARTS: 0=Sun..6=Sat. */
  days: number[];
  /** `'HH:MM'` (00:00–23:59). */
  start: string;
  /** `'HH:MM'` (00:00–24:00); `end <= start` crosses midnight. */
  end: string;
  /** Holidays that close windows starting on that local date. */
  skipHolidays: HolidayRule;
  /** No sending before this instant (epoch ms). */
  startAt?: number;
  /** No sending at or after this instant (epoch ms). */
  endAt?: number;
}

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

/** Mon–Fri 09:00–18:00 in São Paulo, skipping national holidays. */
export const DEFAULT_SENDING_WINDOW: SendingWindow = Object.freeze({
  timeZone: DEFAULT_TIME_ZONE,
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  skipHolidays: { national: true },
}) as SendingWindow;

/**
 * Sending windows: business hours/days per campaign, crossing midnight, skipping Brazilian
 * public holidays, in any IANA time zone. Pure; no timers, no I/O.
 */
export type { SendingWindow } from './types';
export { DEFAULT_SENDING_WINDOW, DEFAULT_TIME_ZONE } from './types';
export type { HolidayRule, HolidayInfo } from './holidays';
export { holidayOn, isHoliday, brazilianStates } from './holidays';
export type { WindowInstance } from './window';
export { isOpen, nextOpen, windowCloseAt, instanceAt } from './window';
export type { WindowIssue } from './validate';
export { validateWindow, assertValidWindow, parseHHMM, SendingWindowError } from './validate';
export { describeNextSend, formatLocalMoment } from './describe';
export type { LocalDate, LocalParts } from './tz';
export {
  isValidTimeZone,
  localParts,
  localDate,
  offsetMs,
  zonedTimeToEpoch,
  addDays,
  dayKey,
  daysBetween,
  startOfNextLocalDay,
} from './tz';

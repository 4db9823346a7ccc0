import { describe, expect, it } from 'vitest';
import {
  assertValidWindow,
  describeNextSend,
  holidayOn,
  isOpen,
  nextOpen,
  validateWindow,
  windowCloseAt,
  zonedTimeToEpoch,
  dayKey,
  startOfNextLocalDay,
  type SendingWindow,
} from './index';

const t = (iso: string) => Date.parse(iso);
const SP = 'America/Sao_Paulo';
const NY = 'America/New_York';

const weekdays: SendingWindow = {
  timeZone: SP,
  days: [1, 2, 3, 4, 5],
  start: '09:00',
  end: '18:00',
  skipHolidays: { national: true },
};

describe('business-hours window', () => {
  it('is open inside hours on a sending day and closed outside', () => {
    // 2026-11-24 is a Tuesday.
    expect(isOpen(weekdays, t('2026-11-24T09:00:00-03:00'))).toBe(true);
    expect(isOpen(weekdays, t('2026-11-24T17:59:59-03:00'))).toBe(true);
    expect(isOpen(weekdays, t('2026-11-24T18:00:00-03:00'))).toBe(false);
    expect(isOpen(weekdays, t('2026-11-24T08:59:00-03:00'))).toBe(false);
    // Saturday
    expect(isOpen(weekdays, t('2026-11-28T10:00:00-03:00'))).toBe(false);
  });

  it('next open after Friday evening is Monday 09:00 local', () => {
    const from = t('2026-11-27T19:00:00-03:00'); // Friday
    expect(nextOpen(weekdays, from)).toBe(t('2026-11-30T09:00:00-03:00'));
    const open = t('2026-11-24T10:00:00-03:00');
    expect(nextOpen(weekdays, open)).toBe(open);
    expect(windowCloseAt(weekdays, open)).toBe(t('2026-11-24T18:00:00-03:00'));
    expect(windowCloseAt(weekdays, t('2026-11-24T20:00:00-03:00'))).toBeNull();
  });

  it('respects startAt and endAt', () => {
    const w = { ...weekdays, startAt: t('2026-11-25T12:30:00-03:00'), endAt: t('2026-11-26T10:00:00-03:00') };
    expect(isOpen(w, t('2026-11-25T10:00:00-03:00'))).toBe(false);
    expect(nextOpen(w, t('2026-11-24T10:00:00-03:00'))).toBe(t('2026-11-25T12:30:00-03:00'));
    expect(windowCloseAt(w, t('2026-11-26T09:30:00-03:00'))).toBe(t('2026-11-26T10:00:00-03:00'));
    expect(nextOpen(w, t('2026-11-26T10:00:00-03:00'))).toBeNull();
    expect(nextOpen(w, t('2026-11-25T19:00:00-03:00'))).toBe(t('2026-11-26T09:00:00-03:00'));
  });

  it('never opens without sending days', () => {
    expect(nextOpen({ ...weekdays, days: [] }, t('2026-11-24T10:00:00-03:00'))).toBeNull();
  });
});

describe('windows crossing midnight', () => {
  // Friday only, 22:00–02:00
  const night: SendingWindow = { timeZone: SP, days: [5], start: '22:00', end: '02:00', skipHolidays: { national: false } };

  it("Friday's window is still open early Saturday although Saturday is not a sending day", () => {
    expect(isOpen(night, t('2026-11-20T22:00:00-03:00'))).toBe(true);
    expect(isOpen(night, t('2026-11-21T01:00:00-03:00'))).toBe(true);
    expect(isOpen(night, t('2026-11-21T02:00:00-03:00'))).toBe(false);
    expect(isOpen(night, t('2026-11-21T23:00:00-03:00'))).toBe(false); // Saturday night
    expect(windowCloseAt(night, t('2026-11-21T01:00:00-03:00'))).toBe(t('2026-11-21T02:00:00-03:00'));
    expect(nextOpen(night, t('2026-11-21T03:00:00-03:00'))).toBe(t('2026-11-27T22:00:00-03:00'));
  });

  it('an all-day window on consecutive days merges into one opening', () => {
    const allDay: SendingWindow = { timeZone: SP, days: [1, 2], start: '00:00', end: '00:00', skipHolidays: { national: false } };
    // Mon 2026-11-23 00:00 to Wed 00:00
    expect(windowCloseAt(allDay, t('2026-11-23T05:00:00-03:00'))).toBe(t('2026-11-25T00:00:00-03:00'));
  });
});

describe('holidays', () => {
  const everyDay: SendingWindow = { timeZone: SP, days: [0, 1, 2, 3, 4, 5, 6], start: '09:00', end: '18:00', skipHolidays: { national: true } };

  it('closes on national public holidays (Christmas, Independence Day)', () => {
    expect(isOpen(everyDay, t('2026-12-25T10:00:00-03:00'))).toBe(false);
    expect(nextOpen(everyDay, t('2026-12-24T19:00:00-03:00'))).toBe(t('2026-12-26T09:00:00-03:00'));
    expect(isOpen(everyDay, t('2026-09-07T10:00:00-03:00'))).toBe(false);
    expect(holidayOn('2026-12-25', { national: true })?.name).toBe('Natal');
  });

  it('ignores holidays when the user opts out, and non-public days like Carnaval', () => {
    expect(isOpen({ ...everyDay, skipHolidays: { national: false } }, t('2026-12-25T10:00:00-03:00'))).toBe(true);
    expect(isOpen(everyDay, t('2026-02-17T10:00:00-03:00'))).toBe(true); // Carnaval (bank holiday)
  });

  it('closes on a state holiday only when that state is chosen', () => {
    const at = t('2026-07-09T10:00:00-03:00'); // Revolução Constitucionalista (SP)
    expect(isOpen(everyDay, at)).toBe(true);
    expect(isOpen({ ...everyDay, skipHolidays: { national: true, state: 'SP' } }, at)).toBe(false);
    expect(isOpen({ ...everyDay, skipHolidays: { national: false, state: 'SP' } }, at)).toBe(false);
    expect(isOpen({ ...everyDay, skipHolidays: { national: true, state: 'RJ' } }, at)).toBe(true);
    // A state-only rule does not close national holidays.
    expect(isOpen({ ...everyDay, skipHolidays: { national: false, state: 'SP' } }, t('2026-12-25T10:00:00-03:00'))).toBe(true);
  });

  it("a holiday closes the window that starts on it, not the previous night's window", () => {
    const night: SendingWindow = { timeZone: SP, days: [0, 1, 2, 3, 4, 5, 6], start: '20:00', end: '02:00', skipHolidays: { national: true } };
    // Window of Dec 24 runs into Christmas morning.
    expect(isOpen(night, t('2026-12-25T01:00:00-03:00'))).toBe(true);
    // Window of Dec 25 is closed.
    expect(isOpen(night, t('2026-12-25T21:00:00-03:00'))).toBe(false);
    expect(nextOpen(night, t('2026-12-25T03:00:00-03:00'))).toBe(t('2026-12-26T20:00:00-03:00'));
  });

  it('checks the holiday on the local date of the window zone', () => {
    // 2026-12-25 02:00 UTC is still Dec 24 in São Paulo.
    const w: SendingWindow = { ...everyDay, start: '00:00', end: '00:00' };
    expect(isOpen(w, t('2026-12-25T02:00:00Z'))).toBe(true);
    expect(isOpen(w, t('2026-12-25T04:00:00Z'))).toBe(false);
  });
});

describe('time zones and DST', () => {
  it('opens at local 09:00 in another zone', () => {
    const w: SendingWindow = { ...weekdays, timeZone: 'Europe/Lisbon', skipHolidays: { national: false } };
    // Lisbon is UTC+0 in November.
    expect(nextOpen(w, t('2026-11-24T06:00:00Z'))).toBe(t('2026-11-24T09:00:00Z'));
  });

  it('keeps local 09:00 across New York DST changes', () => {
    const w: SendingWindow = { timeZone: NY, days: [0, 1, 2, 3, 4, 5, 6], start: '09:00', end: '17:00', skipHolidays: { national: false } };
    // DST starts Sun 2026-03-08: Saturday 09:00 is UTC-5, Sunday 09:00 is UTC-4.
    expect(nextOpen(w, t('2026-03-07T18:00:00-05:00'))).toBe(t('2026-03-08T09:00:00-04:00'));
    // DST ends Sun 2026-11-01.
    expect(nextOpen(w, t('2026-10-31T18:00:00-04:00'))).toBe(t('2026-11-01T09:00:00-05:00'));
    expect(windowCloseAt(w, t('2026-11-01T10:00:00-05:00'))).toBe(t('2026-11-01T17:00:00-05:00'));
  });

  it('moves a start time skipped by DST forward, and picks the first of a repeated hour', () => {
    expect(zonedTimeToEpoch({ year: 2026, month: 3, day: 8 }, 2, 30, NY)).toBe(t('2026-03-08T03:30:00-04:00'));
    expect(zonedTimeToEpoch({ year: 2026, month: 11, day: 1 }, 1, 30, NY)).toBe(t('2026-11-01T01:30:00-04:00'));
  });

  it('handles São Paulo when it still had DST (2018) and after it ended (2019)', () => {
    const w: SendingWindow = { timeZone: SP, days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '10:00', skipHolidays: { national: false } };
    // 2018-11-04 midnight did not exist in São Paulo: the window starts at 01:00 -02.
    expect(nextOpen(w, t('2018-11-03T12:00:00-03:00'))).toBe(t('2018-11-04T01:00:00-02:00'));
    expect(windowCloseAt(w, t('2018-11-04T05:00:00-02:00'))).toBe(t('2018-11-04T10:00:00-02:00'));
    // DST ended at 2019-02-17 00:00 -02 (clocks back to 23:00 -03): the repeated hour is still Feb 16.
    expect(dayKey(t('2019-02-16T23:30:00-02:00'), SP)).toBe('2019-02-16');
    expect(dayKey(t('2019-02-16T23:30:00-03:00'), SP)).toBe('2019-02-16');
    expect(startOfNextLocalDay(t('2019-02-16T12:00:00-02:00'), SP)).toBe(t('2019-02-17T00:00:00-03:00'));
    // Since 2019 no DST: November 09:00 is -03.
    expect(nextOpen(weekdays, t('2026-11-22T12:00:00-03:00'))).toBe(t('2026-11-23T09:00:00-03:00'));
  });
});

describe('describeNextSend', () => {
  it('says when the next send happens, in pt-BR', () => {
    expect(describeNextSend(weekdays, t('2026-11-21T12:00:00-03:00'), 'pt-BR')).toBe(
      'aguardando janela — próximo envio seg, 23/11 às 09:00',
    );
    expect(describeNextSend(weekdays, t('2026-11-23T12:00:00-03:00'))).toBe('janela aberta — envios até 18:00');
    expect(describeNextSend({ ...weekdays, endAt: t('2026-11-01T00:00:00-03:00') }, t('2026-11-23T12:00:00-03:00'))).toBe(
      'janela encerrada — não há próximos envios',
    );
  });

  it('names the day when the window closes after midnight', () => {
    const night: SendingWindow = { timeZone: SP, days: [5], start: '22:00', end: '02:00', skipHolidays: { national: false } };
    expect(describeNextSend(night, t('2026-11-20T23:00:00-03:00'))).toBe('janela aberta — envios até sáb, 21/11 às 02:00');
  });
});

describe('validation', () => {
  it('reports each bad field with a pt-BR message and a code', () => {
    const issues = validateWindow({ timeZone: 'Mars/Olympus', days: [9], start: '9h', end: '25:00', skipHolidays: { national: true, state: 'XX' } });
    expect(issues.map((i) => i.code).sort()).toEqual([
      'WINDOW_DAYS_INVALID',
      'WINDOW_STATE_INVALID',
      'WINDOW_TIME_INVALID',
      'WINDOW_TIME_INVALID',
      'WINDOW_TIME_ZONE_INVALID',
    ]);
    expect(() => assertValidWindow({ ...weekdays, start: 'x' })).toThrowError(/Horário de início inválido/);
    expect(validateWindow(weekdays)).toEqual([]);
    expect(validateWindow({ ...weekdays, end: '24:00' })).toEqual([]);
  });
});

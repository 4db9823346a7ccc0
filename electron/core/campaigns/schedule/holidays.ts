/**
 * Brazilian public holidays (national and per state) from `date-holidays`.
 * Only holidays of type `public` count; bank/optional days such as Carnaval do not close windows.
 */
import type Holidays from 'date-holidays';
import { lazyRequire } from '../../lib/lazy-require';

/** Loaded when a window first asks about a holiday (0.1 s of start-up otherwise; lib/lazy-require.ts). */
const holidaysClass = lazyRequire<typeof Holidays>('date-holidays');

/** Which holidays close a sending window. */
export interface HolidayRule {
  /** Close on national public holidays. */
  national: boolean;
  /** Also close on this state's own public holidays (two-letter UF code, e.g. `'SP'`). */
  state?: string;
}

/** A holiday found on a date. */
export interface HolidayInfo {
  /** `YYYY-MM-DD`. */
  date: string;
  /** Name in Portuguese, e.g. "Natal". */
  name: string;
  scope: 'national' | 'state';
}

const COUNTRY = 'BR';
const instances = new Map<string, Holidays>();
const yearCache = new Map<string, Map<string, string>>();

function instanceFor(state: string | undefined): Holidays {
  const key = state ?? '';
  let hd = instances.get(key);
  if (!hd) {
    const opts = { types: ['public' as const], languages: ['pt'] };
    const Calendar = holidaysClass();
    hd = state ? new Calendar(COUNTRY, state, opts) : new Calendar(COUNTRY, opts);
    instances.set(key, hd);
  }
  return hd;
}

/** `date → name` of public holidays in `year` for the national calendar or one state's calendar. */
function publicHolidays(year: number, state: string | undefined): Map<string, string> {
  const key = `${year}|${state ?? ''}`;
  let map = yearCache.get(key);
  if (!map) {
    map = new Map();
    for (const h of instanceFor(state).getHolidays(year, 'pt')) {
      if (h.type === 'public') map.set(h.date.slice(0, 10), h.name);
    }
    yearCache.set(key, map);
  }
  return map;
}

let statesCache: string[] | null = null;

/** Two-letter codes of Brazilian states known to the holiday calendar (e.g. `'SP'`, `'RJ'`). */
export function brazilianStates(): string[] {
  statesCache ??= Object.keys(new (holidaysClass())().getStates(COUNTRY) ?? {}).sort();
  return [...statesCache];
}

/**
 * The public holiday on `date` (`YYYY-MM-DD`) under `rule`, or null.
 * A national holiday applies everywhere even if the state calendar omits it; a state holiday is
 * one the state calendar has and the national one does not.
 */
export function holidayOn(date: string, rule: HolidayRule): HolidayInfo | null {
  const year = Number(date.slice(0, 4));
  const national = publicHolidays(year, undefined);
  const nationalName = national.get(date);
  if (rule.national && nationalName !== undefined) return { date, name: nationalName, scope: 'national' };
  if (rule.state) {
    const stateName = publicHolidays(year, rule.state.toUpperCase()).get(date);
    if (stateName !== undefined && nationalName === undefined) return { date, name: stateName, scope: 'state' };
  }
  return null;
}

/** True when `date` (`YYYY-MM-DD`) is a public holiday under `rule`. */
export function isHoliday(date: string, rule: HolidayRule): boolean {
  return holidayOn(date, rule) !== null;
}

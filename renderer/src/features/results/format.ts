/** Number, percent and time formatting for results, in the UI language and the app's time zone. */

export function formatCount(n: number, language: string): string {
  return n.toLocaleString(language);
}

/** "42,5%"; "—" when there is no rate yet. */
export function formatRate(rate: number | null, language: string): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

export function formatDateTime(ms: number, language: string, timeZone?: string): string {
  return new Intl.DateTimeFormat(language, { timeZone, dateStyle: 'short', timeStyle: 'short' }).format(new Date(ms));
}

/** Axis label: "14h" for hours, "24/11" for days. */
export function formatBucket(ms: number, bucket: 'hour' | 'day', language: string, timeZone?: string): string {
  if (bucket === 'hour') return `${new Intl.DateTimeFormat(language, { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(ms))}h`;
  return new Intl.DateTimeFormat(language, { timeZone, day: '2-digit', month: '2-digit' }).format(new Date(ms));
}

/** `YYYY-MM-DD` of today in a time zone (for date inputs). */
export function todayKey(timeZone?: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

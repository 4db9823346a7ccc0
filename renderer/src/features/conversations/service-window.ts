/**
 * The Cloud API's 24-hour window as the inbox shows it: time left, rounded down to the minute
 * (so it never promises a minute that is not there), or closed.
 */
export function windowLeft(closesAt: number | null, now: number): { hours: number; minutes: number } | null {
  if (closesAt === null || closesAt <= now) return null;
  const total = Math.floor((closesAt - now) / 60_000);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** "23 h 12 min" / "5 min", through the dictionary's patterns. */
export function formatWindowLeft(left: { hours: number; minutes: number }, t: (key: 'conv.window.hm' | 'conv.window.m', vars: Record<string, number>) => string): string {
  return left.hours > 0 ? t('conv.window.hm', { h: left.hours, m: left.minutes }) : t('conv.window.m', { m: left.minutes });
}

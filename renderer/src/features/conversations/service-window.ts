/**
 * The Cloud API's 24-hour window as the inbox shows it: time left, rounded down to the minute
 * (so it never promises a minute that is not there), or closed.
 */
export function windowLeft(closesAt: number | null, now: number): { hours: number; minutes: number } | null {
  if (closesAt === null || closesAt <= now) return null;
  const total = Math.floor((closesAt - now) / 60_000);
  return { hours: Math.floor(total / 60), minutes: total % 60 };
}

/** "Janela de atendimento: 23 h 12 min restantes" (hours dropped in the last hour), through the dictionary. */
export function windowText(left: { hours: number; minutes: number }, t: (key: 'conv.window.open' | 'conv.window.openMin', vars: Record<string, number>) => string): string {
  return left.hours > 0 ? t('conv.window.open', { h: left.hours, m: left.minutes }) : t('conv.window.openMin', { m: left.minutes });
}

/**
 * The sentence under a number's state badge while its connection is not plain "Conectado":
 * reconnecting, "instável" (dropped too often, WhatsApp asked to wait, hourly login ceiling), or
 * connected again but not yet proven stable. Pure, so it is unit-tested without a browser.
 */
import type { NumberView } from '../../../../shared/api/methods/numbers';
import type { Translate } from '../../i18n';

export interface LineClock {
  language: string;
  timeZone?: string;
  now: number;
}

/** "às 14:32" (or "em instantes" when the time has come or is unknown). */
function when(t: Translate, retryAt: number | null, clock: LineClock): string {
  if (retryAt === null || retryAt <= clock.now) return t('numbers.connection.soon');
  const time = new Intl.DateTimeFormat(clock.language, { timeZone: clock.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(retryAt));
  // Not today: say the day too, so "às 09:00" is not read as this morning.
  const day = (ms: number) => new Intl.DateTimeFormat('en-CA', { timeZone: clock.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  const date = day(retryAt) === day(clock.now) ? '' : `${new Intl.DateTimeFormat(clock.language, { timeZone: clock.timeZone, day: '2-digit', month: '2-digit' }).format(new Date(retryAt))} `;
  return t('numbers.connection.at', { time: `${date}${time}` });
}

export function connectionLine(t: Translate, n: Pick<NumberView, 'status' | 'statusReason' | 'retryAt'>, clock: LineClock): string | null {
  if (n.status === 'unstable') return t('numbers.connection.unstable', { reason: n.statusReason ?? 'unstable', when: when(t, n.retryAt, clock) });
  if (n.status === 'reconnecting') return t('numbers.connection.reconnecting', { when: when(t, n.retryAt, clock) });
  if (n.status === 'connected' && n.statusReason === 'unstable') return t('numbers.connection.watching');
  return null;
}

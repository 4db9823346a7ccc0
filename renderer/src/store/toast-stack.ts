import type { Toast } from './app-store';

export const MAX_TOASTS = 3;

/** A short stack: the oldest news gives way, errors last (a pile of toasts hides the page). */
export function capToasts(toasts: Toast[]): Toast[] {
  const out = [...toasts];
  while (out.length > MAX_TOASTS) {
    const i = out.findIndex((t) => t.kind !== 'error');
    out.splice(i >= 0 ? i : 0, 1);
  }
  return out;
}

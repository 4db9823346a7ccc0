import { useLayoutEffect, useRef } from 'react';

/**
 * Keyboard users go back to where they were when a dialog closes: the control that opened it
 * gets focus again (or, if that control is gone, the page's main area). A layout effect reads
 * the opener before the dialog's own effect moves focus into it with showModal().
 */
export function useReturnFocus(open: boolean): void {
  const opener = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (!open) return;
    const active = document.activeElement;
    opener.current = active instanceof HTMLElement && active !== document.body ? active : null;
    return () => {
      const el = opener.current;
      opener.current = null;
      // After the dialog has closed or left the DOM (focus inside it would otherwise be lost).
      setTimeout(() => returnFocus(el), 0);
    };
  }, [open]);
}

function returnFocus(el: HTMLElement | null): void {
  const active = document.activeElement;
  const lost = !active || active === document.body || active.tagName === 'MAIN' || active.closest('dialog:not([open])') !== null;
  // Focus already went somewhere on purpose (another dialog, or the browser's own restore).
  if (!lost) return;
  if (el && el.isConnected && !el.closest('[inert]') && !(el as HTMLButtonElement).disabled) el.focus();
  else document.querySelector<HTMLElement>('main')?.focus();
}

import { useCallback, useEffect, useState } from 'react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { api } from '../../api';
import { useAppStore } from '../../store/app-store';

/** The numbers, kept fresh with `numbers.changed` (status changes, sends counted today). */
export function useNumbers(): { numbers: NumberView[] | null; reload(): void } {
  const reportError = useAppStore((s) => s.reportError);
  const [numbers, setNumbers] = useState<NumberView[] | null>(null);
  const reload = useCallback(() => {
    api.numbers.list().then(setNumbers).catch(reportError);
  }, [reportError]);
  useEffect(() => {
    reload();
    let timer: ReturnType<typeof setTimeout> | null = null;
    // Bursts of status events collapse into one reload.
    const off = api.on('numbers.changed', () => {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        reload();
      }, 250);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [reload]);
  return { numbers, reload };
}

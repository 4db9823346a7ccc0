import { useCallback, useEffect, useState } from 'react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { api } from '../../api';
import { useAppStore } from '../../store/app-store';
import { coalesce } from '../../lib/coalesce';

/** The numbers, kept fresh with `numbers.changed` (status changes, sends counted today). */
export function useNumbers(): { numbers: NumberView[] | null; reload(): void } {
  const reportError = useAppStore((s) => s.reportError);
  const [numbers, setNumbers] = useState<NumberView[] | null>(null);
  const reload = useCallback(() => {
    api.numbers.list().then(setNumbers).catch(reportError);
  }, [reportError]);
  useEffect(() => {
    reload();
    // Bursts of status events collapse into one reload.
    const soon = coalesce(reload, 250);
    const off = api.on('numbers.changed', soon);
    return () => {
      off();
      soon.cancel();
    };
  }, [reload]);
  return { numbers, reload };
}

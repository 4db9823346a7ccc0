import { useEffect } from 'react';
import { useAppStore } from '../store/app-store';

/** Shows a query's error as a toast once per error, the way the hand-written loaders did. */
export function useReportedError(error: unknown, skip?: (err: unknown) => boolean): void {
  const reportError = useAppStore((s) => s.reportError);
  useEffect(() => {
    if (error && !skip?.(error)) reportError(error);
    // `skip` is left out on purpose: a new predicate each render must not report the error again.
  }, [error, reportError]);
}

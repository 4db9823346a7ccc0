import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { VariableCoverage } from '../../../../shared/api/methods/messages';
import { bareKeys } from './variable-coverage';

/**
 * How many of the lists' contacts have each variable (used without a fallback) empty. Asked
 * again when the set of variables or lists changes, not on every keystroke.
 */
export function useVariableCoverage(listIds: number[], texts: string[]): VariableCoverage | null {
  const keys = bareKeys(texts).join(',');
  const lists = listIds.join(',');
  const [coverage, setCoverage] = useState<VariableCoverage | null>(null);
  useEffect(() => {
    if (!keys) {
      setCoverage(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.messages
        .variableCoverage({ listIds, keys: keys.split(',') })
        .then((c) => live && setCoverage(c))
        .catch(() => live && setCoverage(null));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [keys, lists]);
  return coverage;
}

import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { KnownVariable } from '../../../../shared/api/methods/messages';

/** The lists' custom columns (e.g. {cidade}), usable as variables. */
export function useKnownVariables(listIds: number[]): KnownVariable[] {
  const [vars, setVars] = useState<KnownVariable[]>([]);
  const key = listIds.join(',');
  useEffect(() => {
    let live = true;
    api.messages
      .knownVariables({ listIds })
      .then((v) => live && setVars(v))
      .catch(() => live && setVars([]));
    return () => {
      live = false;
    };
  }, [key]);
  return vars;
}

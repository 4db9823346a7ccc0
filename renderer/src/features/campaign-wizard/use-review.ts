import { useEffect, useMemo, useState } from 'react';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { api } from '../../api';
import { reviewProblems, type ReviewProblem } from './review-check';
import { useNumberGroups } from '../numbers/use-number-groups';

/** The lists' custom column keys, or null until they are known. */
export function useKnownVariableKeys(listIds: number[]): string[] | null {
  const [keys, setKeys] = useState<{ for: string; keys: string[] } | null>(null);
  const id = listIds.join(',');
  useEffect(() => {
    let live = true;
    api.messages
      .knownVariables({ listIds: id ? id.split(',').map(Number) : [] })
      .then((v) => live && setKeys({ for: id, keys: v.map((k) => k.key) }))
      .catch(() => live && setKeys({ for: id, keys: [] }));
    return () => {
      live = false;
    };
  }, [id]);
  return keys && keys.for === id ? keys.keys : null;
}

/** reviewProblems for the wizard, recomputed as the draft changes. */
export function useReviewProblems(draft: CampaignDraft | null, numberIds: number[] | null): ReviewProblem[] {
  const known = useKnownVariableKeys(draft?.audience.listIds ?? []);
  const groups = useNumberGroups(draft?.audience.groups?.numberId ?? null).list?.groups ?? null;
  return useMemo(() => (draft ? reviewProblems(draft, { numberIds, knownVariables: known, groups }) : []), [draft, numberIds, known, groups]);
}

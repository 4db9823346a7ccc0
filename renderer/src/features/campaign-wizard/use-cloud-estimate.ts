import { useEffect, useState } from 'react';
import type { CostEstimateView } from '../../../../shared/api/methods/cloud';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import { api } from '../../api';

/** The template whose messages the campaign pays for: its own (Cloud campaign) or its fallback's. */
export function costTemplateOf(draft: CampaignDraft) {
  return draft.channel === 'cloud' ? draft.cloudTemplate : (draft.fallback?.template ?? null);
}

/**
 * The estimated Cloud API cost of the campaign as it is being edited (audience and template sent
 * along, so it follows the edits before autosave). null while loading, 'error' when it failed.
 */
export function useCloudEstimate(draft: CampaignDraft, campaignId: number): CostEstimateView | null | 'error' {
  const tpl = costTemplateOf(draft);
  const [est, setEst] = useState<CostEstimateView | null | 'error'>(null);
  const audience = draft.audience;
  const key = JSON.stringify([tpl?.numberId, tpl?.template.category, audience]);
  useEffect(() => {
    if (!tpl) return;
    let live = true;
    setEst(null);
    // A short pause: picking several lists in a row asks once.
    const timer = setTimeout(() => {
      api.cloud
        .estimate({ campaignId, unsaved: { audience, template: { numberId: tpl.numberId, category: tpl.template.category } } })
        .then((e) => live && setEst(e))
        .catch(() => live && setEst('error'));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `key` stands for the template and the audience (objects change identity on every edit).
  }, [campaignId, key]);
  return tpl ? est : null;
}

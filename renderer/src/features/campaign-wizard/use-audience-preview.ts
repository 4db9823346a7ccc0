import { useEffect, useState } from 'react';
import { api } from '../../api';
import type { CampaignAudience } from '../../../../shared/campaigns/schema';
import type { AudiencePreview } from '../../../../shared/api/methods/campaign-run';

/**
 * Who a contact campaign reaches: the chosen lists and labels, minus opted-out and invalid
 * contacts and, with the frequency cap on, those messaged recently (the core counts each person
 * once). Null while loading, for a group campaign, or with nothing chosen.
 */
export function useAudiencePreview(audience: CampaignAudience | null | undefined): AudiencePreview | null {
  const [preview, setPreview] = useState<AudiencePreview | null>(null);
  const chosen = !!audience && !audience.groups && (audience.listIds.length > 0 || (audience.tagIds?.length ?? 0) > 0);
  const key = audience ? `${audience.frequencyCapDays}|${audience.listIds.join(',')}|${(audience.tagIds ?? []).join(',')}` : '';
  useEffect(() => {
    setPreview(null);
    if (!chosen || !audience) return;
    let live = true;
    api.campaigns.audiencePreview({ draft: { audience } }).then(
      (p) => live && setPreview(p),
      () => live && setPreview(null),
    );
    return () => {
      live = false;
    };
    // `key` stands for the audience fields the preview depends on.
  }, [key, chosen]);
  return preview;
}

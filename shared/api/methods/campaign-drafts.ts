import { z } from 'zod';
import { campaignDraftSchema, campaignSchema, campaignSummarySchema } from '../../campaigns/schema';
import { method, none } from '../method';

const id = z.object({ id: z.number().int().positive() }).strict();

/** Creating and editing campaigns; running them is in campaign-run.ts. */
export const campaignDraftMethods = {
  'campaigns.list': method(none, z.array(campaignSummarySchema)),
  'campaigns.get': method(id, campaignSchema),
  'campaigns.create': method(z.object({ draft: campaignDraftSchema.partial().optional() }).strict(), campaignSchema),
  /** Only drafts and paused campaigns can be edited. */
  'campaigns.update': method(z.object({ id: z.number().int().positive(), draft: campaignDraftSchema }).strict(), campaignSchema),
  'campaigns.clone': method(id, campaignSchema),
  /** Deletes a draft (campaigns that sent anything are kept for the record). */
  'campaigns.delete': method(id, z.object({ ok: z.literal(true) })),
};

export const campaignDraftEvents = {
  'campaigns.changed': z.object({ id: z.number().int() }),
};

import type { CampaignDraft } from '../../../../shared/campaigns/schema';

/** What every wizard step gets: the draft, a way to change it (merged, autosaved), its id. */
export interface StepProps {
  draft: CampaignDraft;
  /** Top-level fields to replace; the wizard merges and autosaves. */
  onChange(patch: Partial<CampaignDraft>): void;
  campaignId: number;
}

export const WIZARD_STEPS = ['audience', 'messages', 'schedule', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import type { ReviewProblem } from './review-check';

/** What every wizard step gets: the draft, a way to change it (merged, autosaved), its id. */
export interface StepProps {
  draft: CampaignDraft;
  /** Top-level fields to replace; the wizard merges and autosaves. */
  onChange(patch: Partial<CampaignDraft>): void;
  campaignId: number;
  /** The sending numbers (null while loading), for the numbers choice and the review. */
  numbers: NumberView[] | null;
  /** What still keeps the draft from starting (the review lists it). */
  problems: ReviewProblem[];
  /** Opens another step (the review's "Ir para…"). */
  goTo(step: WizardStep | 'name'): void;
}

export const WIZARD_STEPS = ['audience', 'messages', 'schedule', 'review'] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

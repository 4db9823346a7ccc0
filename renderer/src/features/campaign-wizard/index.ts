export { CampaignWizard, CampaignWizardPage, useCreateCampaign, NEW_CAMPAIGN_HASH } from './CampaignWizardPage';
export { useWizardRoute, parseWizardHash, editCampaignHash, type WizardRoute } from './wizard-route';
export type { StepProps, WizardStep } from './types';
export { WIZARD_STEPS } from './types';
export { CampaignFacts } from './CampaignFacts';
export { useAudiencePreview } from './use-audience-preview';
export { windowSummary } from './window-summary';

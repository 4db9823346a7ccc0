import { CampaignWizard, useWizardRoute } from '../features/campaign-wizard';
import { CampaignDetail, CampaignList, useDetailRoute } from '../features/campaigns';

/** `#/campanhas` (list), `#/campanhas/<id>` (detail), `#/campanhas/nova` and `/<id>/editar` (wizard). */
export function CampaignsPage() {
  const wizard = useWizardRoute();
  const detail = useDetailRoute();
  if (wizard) return <CampaignWizard route={wizard} />;
  if (detail !== null) return <CampaignDetail key={detail} id={detail} />;
  return <CampaignList />;
}

import type { CampaignRunState } from '../../../../shared/api/methods/campaign-run';
import { useT, type MessageKey } from '../../i18n';

/** Status of a campaign; a running one held by its sending window reads "Aguardando janela". */
export function CampaignStatusBadge(props: { state: Pick<CampaignRunState, 'status' | 'waiting'> }) {
  const t = useT();
  const { status, waiting } = props.state;
  const windowWait = status === 'running' && waiting?.reason === 'window';
  const key = (windowWait ? 'campaigns.status.window' : `campaigns.status.${status}`) as MessageKey;
  return <span className={`badge campaign-badge campaign-badge--${windowWait ? 'window' : status}`}>{t(key)}</span>;
}

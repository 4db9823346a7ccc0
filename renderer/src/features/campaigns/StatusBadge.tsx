import type { CampaignRunState } from '../../../../shared/api/methods/campaign-run';
import { useT, type MessageKey } from '../../i18n';

/** Status of a campaign; a running one held by its sending window reads "Aguardando janela", by its numbers' connection "Aguardando conexão". */
export function CampaignStatusBadge(props: { state: Pick<CampaignRunState, 'status' | 'waiting'> }) {
  const t = useT();
  const { status, waiting } = props.state;
  // A running campaign held by its window, or by its numbers' connection, does not read "Enviando".
  const held = status === 'running' && (waiting?.reason === 'window' ? 'window' : waiting?.reason === 'connection' || waiting?.reason === 'number_check' ? 'connection' : null);
  const key = (held ? `campaigns.status.${held}` : `campaigns.status.${status}`) as MessageKey;
  return <span className={`badge campaign-badge campaign-badge--${held ?? status}`}>{t(key)}</span>;
}

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

/** Deliveries no longer waiting (sent, failed, skipped…) out of the total. */
export function processed(c: CampaignRunState['counters']): number {
  return Math.max(0, c.total - c.queued - c.sending);
}

export function formatWhen(ms: number | null, language: string): string {
  if (ms === null) return '';
  return new Date(ms).toLocaleString(language === 'en' ? 'en-US' : 'pt-BR', { dateStyle: 'short', timeStyle: 'short' });
}

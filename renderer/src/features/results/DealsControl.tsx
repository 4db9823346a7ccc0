import { useState } from 'react';
import { Handshake, Minus, Plus } from 'lucide-react';
import { api } from '../../api';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatCount } from './format';

/**
 * Closed deals of a campaign with +/- buttons (the shop owner counts sales the chat led to).
 * `closedDeals` comes from the results snapshot; `onChange` gets the new count at once.
 */
export function DealsControl(props: { campaignId: number; closedDeals: number; onChange?: (closedDeals: number) => void }) {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [busy, setBusy] = useState(false);
  const change = async (delta: 1 | -1) => {
    setBusy(true);
    try {
      const out = delta > 0 ? await api.deals.add({ campaignId: props.campaignId }) : await api.deals.remove({ campaignId: props.campaignId });
      props.onChange?.(out.closedDeals ?? 0);
      notify('success', t(delta > 0 ? 'deals.added' : 'deals.removed'));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="deals-control" role="group" aria-label={t('deals.title')}>
      <Handshake size={18} aria-hidden="true" />
      <span className="deals-control__label">{t('deals.title')}</span>
      <button type="button" className="button button--secondary button--small" disabled={busy || props.closedDeals <= 0} onClick={() => void change(-1)} aria-label={t('deals.remove')} title={t('deals.remove')}>
        <Minus size={14} aria-hidden="true" />
      </button>
      <output className="deals-control__count" data-testid="deals-count" aria-live="polite">
        {formatCount(props.closedDeals, language)}
      </output>
      <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void change(1)} aria-label={t('deals.add')} title={t('deals.add')}>
        <Plus size={14} aria-hidden="true" />
      </button>
    </div>
  );
}

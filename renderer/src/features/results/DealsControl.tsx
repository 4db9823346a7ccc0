import { useState } from 'react';
import { Handshake, Minus, Plus } from 'lucide-react';
import { api } from '../../api';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatCount } from './format';
import { formatReais } from '../../../../shared/results/money';
import { useDealValue } from './DealValueDialog';

/**
 * Closed deals of a campaign with +/- buttons (the shop owner counts sales the chat led to).
 * `closedDeals` comes from the results snapshot; `onChange` gets the new count at once.
 */
export function DealsControl(props: { campaignId: number; closedDeals: number; revenueCents?: number; revenuePer100Cents?: number | null; onChange?: (closedDeals: number) => void }) {
  const t = useT();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [busy, setBusy] = useState(false);
  const [askValue, valueDialog] = useDealValue();
  const change = async (delta: 1 | -1) => {
    let valueCents: number | null = null;
    if (delta > 0) {
      const answer = await askValue();
      if (!answer) return;
      valueCents = answer.valueCents;
    }
    setBusy(true);
    try {
      const out = delta > 0 ? await api.deals.add({ campaignId: props.campaignId, ...(valueCents !== null ? { valueCents } : {}) }) : await api.deals.remove({ campaignId: props.campaignId });
      props.onChange?.(out.closedDeals ?? 0);
      notify('success', delta > 0 && valueCents !== null ? t('deals.addedValue', { value: formatReais(valueCents, language) }) : t(delta > 0 ? 'deals.added' : 'deals.removed'));
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
      {props.revenueCents !== undefined ? (
        <span className="deals-control__revenue" data-testid="deals-revenue" title={t('deals.revenue.help')}>
          {t('deals.revenue')}: <strong>{formatReais(props.revenueCents, language)}</strong>
          {props.revenuePer100Cents != null && props.revenueCents > 0 ? (
            <>
              {' · '}
              {t('deals.revenuePer100')}: <strong data-testid="deals-revenue-per-100">{formatReais(props.revenuePer100Cents, language)}</strong>
            </>
          ) : null}
        </span>
      ) : null}
      {valueDialog}
    </div>
  );
}

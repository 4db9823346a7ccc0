import { useId, useState } from 'react';
import { Copy, RefreshCw } from 'lucide-react';
import { api } from '../../api';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatDateTime } from './format';
import { useCloudDetails } from './use-cloud-details';

function CopyField(props: { label: string; value: string; testId: string }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  // The same number's webhook can be on screen twice (the add dialog over its card): ids must differ.
  const inputId = `${props.testId}-input-${useId()}`;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      notify('success', t('cloud.panel.copied'));
    } catch {
      // No clipboard access (an old browser): select the text so Ctrl+C works.
      (document.getElementById(inputId) as HTMLInputElement | null)?.select();
    }
  };
  return (
    <div className="field cloud-copy">
      <label className="field__label" htmlFor={inputId}>
        {props.label}
      </label>
      <div className="cloud-copy__row">
        <input id={inputId} data-testid={props.testId} readOnly value={props.value} onFocus={(e) => e.currentTarget.select()} />
        <button type="button" className="button button--secondary button--small" onClick={() => void copy()} aria-label={t('cloud.panel.copy', { what: props.label })}>
          <Copy size={14} aria-hidden="true" /> {t('cloud.panel.copy', { what: '' }).trim()}
        </button>
      </div>
    </div>
  );
}

/** The webhook to register in Meta's dashboard: the relay mailbox URL, the verify token, the steps. */
export function WebhookSetup({ numberId }: { numberId: number }) {
  const t = useT();
  const reportError = useAppStore((s) => s.reportError);
  const { details, set } = useCloudDetails(numberId);
  const [busy, setBusy] = useState(false);
  if (!details) return <p className="loading">{t('common.loading')}</p>;
  const retry = async () => {
    setBusy(true);
    try {
      set(await api.cloud.connectRelay({ id: numberId }));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="cloud-webhook" aria-labelledby={`cloud-webhook-${numberId}`} data-testid="cloud-webhook">
      <h3 className="cloud-webhook__title" id={`cloud-webhook-${numberId}`}>
        {t('cloud.panel.webhook')}
      </h3>
      {details.relayState === 'no_license' ? (
        <p className="banner banner--warning">{t('cloud.panel.relay.noLicense')}</p>
      ) : details.relayState === 'error' ? (
        <div className="banner banner--error" role="alert">
          <span>{t('cloud.panel.relay.error', { message: details.relayMessage ?? '' })}</span>
          <button type="button" className="button button--secondary button--small" disabled={busy} onClick={() => void retry()}>
            <RefreshCw size={14} aria-hidden="true" /> {t('cloud.panel.relay.retry')}
          </button>
        </div>
      ) : null}
      {details.webhookUrl && details.verifyToken ? (
        <>
          <p className="field__help">{t('cloud.panel.webhook.steps')}</p>
          <CopyField label={t('cloud.panel.url')} value={details.webhookUrl} testId={`cloud-webhook-url-${numberId}`} />
          <CopyField label={t('cloud.panel.verifyToken')} value={details.verifyToken} testId={`cloud-verify-token-${numberId}`} />
          <p className="muted" data-testid="cloud-last-event">
            {details.lastEventAt ? t('cloud.panel.lastEvent', { when: formatDateTime(details.lastEventAt) }) : t('cloud.panel.noEvent')}
          </p>
        </>
      ) : details.relayState === 'pending' ? (
        <p className="muted">{t('cloud.panel.relay.pending')}</p>
      ) : null}
      {details.forged > 0 ? <p className="inline-warning">{t('cloud.panel.forged', { n: details.forged })}</p> : null}
    </section>
  );
}

import { useEffect, useId, useRef, useState } from 'react';
import { KeyRound, Loader2, RefreshCw } from 'lucide-react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { useReturnFocus } from '../../components/return-focus';
import { useErrorText, useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { formatDateTime } from './format';
import { limitText, PhoneInfoFacts } from './PhoneInfo';
import { useCloudDetails } from './use-cloud-details';
import { WebhookSetup } from './WebhookSetup';
import { CloudTemplates } from './CloudTemplates';
import './cloud.css';

/** The Cloud API part of a number card: what Meta reports, the webhook, templates and credentials. */
export function CloudNumberPanel({ number }: { number: NumberView }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const { details, set } = useCloudDetails(number.id);
  const [busy, setBusy] = useState(false);
  const [editing, setEditing] = useState(false);
  if (!details) return <p className="loading">{t('common.loading')}</p>;

  const refresh = async () => {
    setBusy(true);
    try {
      set(await api.cloud.refresh({ id: number.id }));
      notify('success', t('cloud.panel.refreshed'), { subject: `number.${number.id}` });
    } catch (err) {
      reportError(err, { subject: `number.${number.id}` });
    } finally {
      setBusy(false);
    }
  };
  const limit = details.messagingLimitCount;
  return (
    <div className="cloud-panel" data-testid={`cloud-panel-${number.id}`}>
      {details.qualityRating === 'RED' ? <p className="banner banner--error">{t('cloud.panel.red')}</p> : null}
      {number.status === 'error' && number.statusReason === 'token_invalid' ? <p className="banner banner--error">{t('cloud.panel.tokenProblem')}</p> : null}
      <PhoneInfoFacts info={details} />
      {limit !== null && limit > 0 ? <p className="muted">{t('cloud.limit.used', { used: details.recipients24h, limit: limitText(t, details) })}</p> : null}
      {details.checkedAt ? <p className="muted">{t('cloud.panel.checkedAt', { when: formatDateTime(details.checkedAt) })}</p> : null}
      <div className="number-item__actions">
        <button type="button" className="button button--secondary" disabled={busy} onClick={() => void refresh()}>
          {busy ? <Loader2 size={16} className="wa-spin" aria-hidden="true" /> : <RefreshCw size={16} aria-hidden="true" />} {t('cloud.panel.refresh')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
          <KeyRound size={16} aria-hidden="true" /> {t('cloud.panel.credentials')}
        </button>
      </div>
      <WebhookSetup numberId={number.id} />
      <CloudTemplates numberId={number.id} />
      <CredentialsDialog open={editing} numberId={number.id} onClose={() => setEditing(false)} />
    </div>
  );
}

function CredentialsDialog(props: { open: boolean; numberId: number; onClose(): void }) {
  const t = useT();
  const errorText = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [token, setToken] = useState('');
  const [secret, setSecret] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useReturnFocus(props.open);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (props.open && !d.open) {
      setToken('');
      setSecret('');
      setError(null);
      d.showModal();
    }
    if (!props.open && d.open) d.close();
  }, [props.open]);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.cloud.updateCredentials({ id: props.numberId, ...(token.trim() ? { token: token.trim() } : {}), ...(secret.trim() ? { appSecret: secret.trim() } : {}) });
      notify('success', t('cloud.cred.saved'));
      props.onClose();
    } catch (err) {
      setError(errorText(err, t('cloud.cred.save')));
    } finally {
      setBusy(false);
    }
  };
  return (
    <dialog
      ref={ref}
      className="wa-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId} className="wa-dialog__title">
        {t('cloud.cred.title')}
      </h2>
      <form
        className="wa-dialog__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <p className="wa-dialog__intro">{t('cloud.cred.help')}</p>
        <Field label={t('cloud.cred.token')} help={t('cloud.add.token.help')}>
          <input type="password" value={token} autoComplete="off" spellCheck={false} onChange={(e) => setToken(e.target.value)} />
        </Field>
        <Field label={t('cloud.cred.secret')} help={t('cloud.add.secret.help')}>
          <input type="password" value={secret} autoComplete="off" spellCheck={false} onChange={(e) => setSecret(e.target.value)} />
        </Field>
        {error ? (
          <p className="banner banner--error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="wa-dialog__actions">
          <button type="button" className="button button--secondary" onClick={props.onClose}>
            {t('cloud.cred.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={busy || (!token.trim() && !secret.trim())}>
            {busy ? <Loader2 size={16} className="wa-spin" aria-hidden="true" /> : null} {t('cloud.cred.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

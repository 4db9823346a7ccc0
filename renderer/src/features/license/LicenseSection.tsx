import { useState } from 'react';
import { AlertTriangle, RefreshCw } from 'lucide-react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { api } from '../../api';
import { useAppStore } from '../../store/app-store';
import { licenseNoticeText, useErrorText, useNumber, useT, type MessageKey } from '../../i18n';
import { ActivationForm } from './ActivationForm';
import { formatDate, limitsText } from './format';
import { CloudSpendingFacts } from '../cloud/CloudSpending';
import { useLicenseStore } from './license-store';

/** Configurações → Licença: plan, buyer, expiry, this computer, limits, refresh/deactivate/activate. */
export function LicenseSection() {
  const t = useT();
  const errorText = useErrorText();
  const num = useNumber();
  const language = useAppStore((s) => s.settings?.language ?? 'pt-BR');
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const status = useLicenseStore((s) => s.status);
  const setStatus = useLicenseStore((s) => s.set);
  const [busy, setBusy] = useState<'refresh' | 'deactivate' | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [activating, setActivating] = useState(false);

  if (!status) {
    return (
      <section className="card form-card" aria-labelledby="settings-license">
        <h2 className="card__title" id="settings-license">
          {t('license.section')}
        </h2>
        <p className="loading">{t('common.loading')}</p>
      </section>
    );
  }

  const hasLicense = status.state !== 'trial';
  const refresh = async () => {
    setBusy('refresh');
    try {
      const next = await api.license.refresh();
      setStatus(next);
      if (next.state === 'active' || next.state === 'in_grace') notify('success', t('license.refreshed'), { subject: 'license' });
      else if (next.reason) notify('info', errorText({ code: next.reasonCode ?? '', message: next.reason }, next.reason), { subject: 'license' });
    } catch (err) {
      reportError(err, { subject: 'license' });
    } finally {
      setBusy(null);
    }
  };
  const deactivate = async () => {
    setConfirming(false);
    setBusy('deactivate');
    try {
      setStatus(await api.license.deactivate());
      notify('success', t('license.deactivated'), { subject: 'license' });
    } catch (err) {
      reportError(err, { subject: 'license' });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="card form-card" aria-labelledby="settings-license" data-testid="license-section">
      <h2 className="card__title" id="settings-license">
        {t('license.section')}
      </h2>
      {status.notice ? (
        <div className="banner banner--warning" role="status">
          <AlertTriangle size={18} aria-hidden="true" />
          <span>{licenseNoticeText(language, status)}</span>
        </div>
      ) : null}
      {status.reason ? (
        <div className="banner banner--warning" role="status">
          <AlertTriangle size={18} aria-hidden="true" />
          <span>{errorText({ code: status.reasonCode ?? '', message: status.reason }, status.reason)}</span>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('license.plan')}</dt>
        <dd data-testid="license-plan">
          <strong>{t(`license.planName.${status.plan}` as MessageKey)}</strong> <span className={`license-state license-state--${status.state}`}>{t(`license.state.${status.state}` as MessageKey)}</span>
        </dd>
        {status.email ? (
          <>
            <dt>{t('license.email')}</dt>
            <dd>{status.email}</dd>
          </>
        ) : null}
        {status.expiresAt !== undefined && hasLicense ? (
          <>
            <dt>{t('license.expiresAt')}</dt>
            <dd>{t('license.expiresAt.value', { date: formatDate(language, status.expiresAt) })}</dd>
          </>
        ) : null}
        {status.daysLeft !== undefined ? (
          <>
            <dt>{t('license.daysLeft')}</dt>
            <dd>{status.daysLeft}</dd>
          </>
        ) : null}
        <dt>{t('license.limits')}</dt>
        <dd data-testid="license-limits">{limitsText(t, status.limits, num)}</dd>
        <CloudSpendingFacts />
        <dt>{t('license.machine')}</dt>
        <dd>
          <code title={t('license.machine.help')}>{status.machineId}</code>
        </dd>
        {status.lastRefreshAt !== undefined && hasLicense ? (
          <>
            <dt>{t('license.lastRefresh')}</dt>
            <dd>{formatDate(language, status.lastRefreshAt, true)}</dd>
          </>
        ) : null}
      </dl>
      <div className="license-form__actions">
        {hasLicense ? (
          <>
            <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void refresh()}>
              <RefreshCw size={16} aria-hidden="true" />
              {busy === 'refresh' ? t('license.refreshing') : t('license.refresh')}
            </button>
            <button type="button" className="button button--secondary license-danger-link" disabled={busy !== null} onClick={() => setConfirming(true)}>
              {t('license.deactivate')}
            </button>
          </>
        ) : null}
        {status.state !== 'active' && status.state !== 'in_grace' && !activating ? (
          <button type="button" className="button button--primary" onClick={() => setActivating(true)}>
            {t('license.activateOne')}
          </button>
        ) : null}
      </div>
      {activating && status.state !== 'active' && status.state !== 'in_grace' ? <ActivationForm autoFocus onActivated={() => setActivating(false)} /> : null}
      <ConfirmDialog
        open={confirming}
        title={t('license.deactivate.confirm.title')}
        body={<p>{t('license.deactivate.confirm.body')}</p>}
        confirmLabel={t('license.deactivate')}
        cancelLabel={t('license.cancel')}
        danger
        onClose={(confirmed) => (confirmed ? void deactivate() : setConfirming(false))}
      />
    </section>
  );
}

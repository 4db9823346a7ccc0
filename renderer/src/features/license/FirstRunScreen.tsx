import { useEffect, useState } from 'react';
import { Toasts } from '../../components/Toasts';
import { api } from '../../api';
import { useAppStore } from '../../store/app-store';
import { useNumber, useT } from '../../i18n';
import { ActivationForm } from './ActivationForm';
import { useLicenseStore } from './license-store';
import { numbersText } from './format';

/**
 * True while the first-run activation screen should replace the shell: the core said so
 * (no license, trial not chosen yet). While the status is unknown the shell shows, so an
 * unreachable core still gets its connection message.
 */
/** True on a fresh install, false once a license or trial was chosen, null until the core says. */
export function useFirstRun(): boolean | null {
  const firstRun = useLicenseStore((s) => (s.status ? s.status.firstRun : null));
  const load = useLicenseStore((s) => s.load);
  useEffect(() => {
    void load();
  }, [load]);
  return firstRun;
}

/** Full-page welcome: activate with the purchase key, or continue in trial mode. */
export function FirstRunScreen() {
  const t = useT();
  const num = useNumber();
  const limits = useLicenseStore((s) => s.status?.limits);
  const setStatus = useLicenseStore((s) => s.set);
  const reportError = useAppStore((s) => s.reportError);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${t('license.first.title')} · Recado`;
  }, [t]);

  const continueTrial = async () => {
    setBusy(true);
    try {
      setStatus(await api.license.continueTrial());
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="license-first">
      <main className="license-first__card card" aria-labelledby="license-first-title">
        <div className="license-first__brand">
          <img src="./favicon.svg" alt="" width={40} height={40} />
          <span>{t('app.name')}</span>
        </div>
        <h1 className="license-first__title" id="license-first-title">
          {t('license.first.title')}
        </h1>
        <p className="license-first__body">{t('license.first.body')}</p>
        <ActivationForm autoFocus />
        <section className="license-first__trial" aria-labelledby="license-trial-title">
          <h2 className="license-first__subtitle" id="license-trial-title">
            {t('license.trial.title')}
          </h2>
          <p>
            {t('license.trial.body', {
              messages: num(limits?.messagesPerDay ?? 50),
              numbers: numbersText(t, limits?.numbers ?? 1, num),
            })}
          </p>
          <div>
            <button type="button" className="button button--secondary" disabled={busy} onClick={() => void continueTrial()}>
              {t('license.trial.continue')}
            </button>
          </div>
        </section>
      </main>
      <Toasts />
    </div>
  );
}

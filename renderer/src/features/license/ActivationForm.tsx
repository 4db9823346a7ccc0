import { useId, useState } from 'react';
import { Copy, FileUp, KeyRound, WifiOff } from 'lucide-react';
import { validateKeyFormat } from '../../../../shared/license/key-format';
import { api } from '../../api';
import { useAppStore } from '../../store/app-store';
import { useErrorText, useT, type MessageKey } from '../../i18n';
import { KeyInput } from './KeyInput';
import { useLicenseStore } from './license-store';

/**
 * Key entry with "Ativar", plus "Ativar sem internet" (request code out, license file in).
 * Used by the first-run screen and by Configurações → Licença.
 */
export function ActivationForm(props: { autoFocus?: boolean; onActivated?(): void }) {
  const t = useT();
  const errorMessage = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const setStatus = useLicenseStore((s) => s.set);
  const offlinePending = useLicenseStore((s) => s.status?.offlinePending ?? false);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [offline, setOffline] = useState(offlinePending);
  const [requestCode, setRequestCode] = useState<string | null>(null);
  const [fileText, setFileText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const offlineId = useId();
  const valid = validateKeyFormat(key).ok;

  const done = (plan: string) => {
    notify('success', t('license.activated', { plan: t(`license.planName.${plan}` as MessageKey) }));
    props.onActivated?.();
  };

  const activate = async () => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const status = await api.license.activate({ key });
      setStatus(status);
      done(status.plan);
    } catch (err) {
      setError(errorMessage(err, t('common.error')));
    } finally {
      setBusy(false);
    }
  };

  const makeRequest = async () => {
    setError(null);
    try {
      const { code } = await api.license.offlineRequest({ key });
      setRequestCode(code);
    } catch (err) {
      setError(errorMessage(err, t('common.error')));
    }
  };

  const copy = async () => {
    if (!requestCode) return;
    try {
      await navigator.clipboard.writeText(requestCode);
      notify('success', t('license.offline.copied'));
    } catch {
      // No clipboard permission: select the code so Ctrl+C works.
      (document.getElementById(`${offlineId}-code`) as HTMLTextAreaElement | null)?.select();
    }
  };

  const importFile = async () => {
    if (!fileText.trim() || busy) return;
    setBusy(true);
    setError(null);
    try {
      const status = await api.license.importLicenseFile({ content: fileText });
      setStatus(status);
      done(status.plan);
    } catch (err) {
      setError(errorMessage(err, t('common.error')));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="license-form">
      <KeyInput value={key} onChange={setKey} onSubmit={() => void activate()} autoFocus={props.autoFocus} disabled={busy} />
      {error ? (
        <div className="banner license-banner--error" role="alert">
          {error}
        </div>
      ) : null}
      <div className="license-form__actions">
        <button type="button" className="button button--primary" disabled={!valid || busy} onClick={() => void activate()}>
          <KeyRound size={16} aria-hidden="true" />
          {busy && !offline ? t('license.activating') : t('license.activate')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          aria-expanded={offline}
          aria-controls={offlineId}
          onClick={() => setOffline((v) => !v)}
        >
          <WifiOff size={16} aria-hidden="true" />
          {t('license.offline.toggle')}
        </button>
      </div>

      {offline ? (
        <section className="license-offline" id={offlineId} aria-labelledby={`${offlineId}-title`}>
          <h3 className="license-offline__title" id={`${offlineId}-title`}>
            {t('license.offline.title')}
          </h3>
          {offlinePending && !requestCode ? <p className="field__help">{t('license.offline.pending')}</p> : null}
          <p>{t('license.offline.step1')}</p>
          <div>
            <button type="button" className="button button--secondary" disabled={!valid} onClick={() => void makeRequest()}>
              {t('license.offline.generate')}
            </button>
          </div>
          {requestCode ? (
            <div className="field">
              <label className="field__label" htmlFor={`${offlineId}-code`}>
                {t('license.offline.code')}
              </label>
              <textarea id={`${offlineId}-code`} className="license-code" readOnly rows={3} value={requestCode} onFocus={(e) => e.target.select()} />
              <div>
                <button type="button" className="button button--secondary" onClick={() => void copy()}>
                  <Copy size={16} aria-hidden="true" />
                  {t('license.offline.copy')}
                </button>
              </div>
            </div>
          ) : null}
          <p>{t('license.offline.step2')}</p>
          <div className="field">
            <label className="field__label" htmlFor={`${offlineId}-file`}>
              {t('license.offline.file')}
            </label>
            <input
              id={`${offlineId}-file`}
              type="file"
              accept=".json,.txt,application/json,text/plain"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (!file) return;
                setFileName(file.name);
                void file.text().then(setFileText);
              }}
            />
            {fileName ? <p className="field__help">{t('license.offline.fileChosen', { name: fileName })}</p> : null}
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${offlineId}-paste`}>
              {t('license.offline.paste')}
            </label>
            <textarea
              id={`${offlineId}-paste`}
              className="license-code"
              rows={4}
              value={fileText}
              spellCheck={false}
              onChange={(e) => {
                setFileText(e.target.value);
                setFileName(null);
              }}
            />
          </div>
          <div>
            <button type="button" className="button button--primary" disabled={!fileText.trim() || busy} onClick={() => void importFile()}>
              <FileUp size={16} aria-hidden="true" />
              {t('license.offline.import')}
            </button>
          </div>
        </section>
      ) : null}
    </div>
  );
}

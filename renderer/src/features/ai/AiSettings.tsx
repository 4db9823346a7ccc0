import { useEffect, useState } from 'react';
import { CheckCircle2, KeyRound, Loader2, PlugZap, XCircle } from 'lucide-react';
import { api } from '../../api';
import type { AiProviderId, AiSettings as AiSettingsState, AiTestResult } from '../../../../shared/api/methods/ai';
import { Field } from '../../components/Field';
import { useConfirm } from '../../components/ConfirmDialog';
import { useAppStore } from '../../store/app-store';
import { useErrorText, useT } from '../../i18n';

/** Toasts about these settings: a later success replaces an earlier error. */
const AI_SUBJECT = 'ai.settings';

/** Configurações › IA: provider, address, model and key (write-only), with "Testar conexão". */
export function AiSettings() {
  const t = useT();
  const errorText = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [confirm, confirmDialog] = useConfirm();
  const [state, setState] = useState<AiSettingsState | null>(null);
  const [provider, setProvider] = useState<AiProviderId>('openai');
  const [baseURL, setBaseURL] = useState('');
  const [model, setModel] = useState('');
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState<'save' | 'test' | null>(null);
  const [test, setTest] = useState<AiTestResult | null>(null);

  const load = (s: AiSettingsState) => {
    setState(s);
    setProvider(s.config.provider);
    setBaseURL(s.config.baseURL ?? '');
    setModel(s.config.model ?? '');
  };

  useEffect(() => {
    api.ai.getConfig().then(load).catch(reportError);
  }, [reportError]);

  if (!state) return null;
  const preset = state.presets.find((p) => p.id === provider) ?? state.presets[0];

  /** Saves what is on screen (and the key, if one was typed); returns false on failure. */
  const save = async (): Promise<boolean> => {
    try {
      if (apiKey.trim()) {
        await api.secrets.set({ name: 'ai.apiKey', value: apiKey.trim() });
        setApiKey('');
      }
      load(await api.ai.setConfig({ provider, baseURL: baseURL.trim() || null, model: model.trim() || null }));
      return true;
    } catch (err) {
      reportError(err, { subject: AI_SUBJECT });
      return false;
    }
  };

  const onSave = async () => {
    setBusy('save');
    setTest(null);
    if (await save()) notify('success', t('ai.settings.saved'), { subject: AI_SUBJECT });
    setBusy(null);
  };

  const onTest = async () => {
    setBusy('test');
    setTest(null);
    try {
      if (await save()) setTest(await api.ai.test());
    } catch (err) {
      reportError(err, { subject: AI_SUBJECT });
    } finally {
      setBusy(null);
    }
  };

  const removeKey = async () => {
    const ok = await confirm({ title: t('ai.settings.removeKey.title'), body: t('ai.settings.removeKey.body'), confirmLabel: t('ai.settings.removeKey.ok'), danger: true });
    if (!ok) return;
    try {
      await api.secrets.clear({ name: 'ai.apiKey' });
      load(await api.ai.getConfig());
      notify('success', t('ai.settings.keyRemoved'), { subject: AI_SUBJECT });
    } catch (err) {
      reportError(err, { subject: AI_SUBJECT });
    }
  };

  return (
    <section className="card form-card" aria-labelledby="settings-ai">
      <h2 className="card__title" id="settings-ai">
        {t('ai.settings.title')}
      </h2>
      <p className="field__help">{t('ai.settings.intro')}</p>
      <Field label={t('ai.settings.provider')} help={preset.local ? t('ai.settings.provider.local') : preset.needsKey ? t('ai.settings.provider.remote') : t('ai.settings.provider.custom')}>
        <select
          value={provider}
          onChange={(e) => {
            setProvider(e.target.value as AiProviderId);
            // Another provider means another address and model: start from its defaults.
            setBaseURL('');
            setModel('');
            setTest(null);
          }}
        >
          {state.presets.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('ai.settings.baseURL')} help={t('ai.settings.baseURL.help', { url: preset.baseURL })}>
        <input type="url" value={baseURL} placeholder={preset.baseURL} maxLength={500} spellCheck={false} onChange={(e) => setBaseURL(e.target.value)} />
      </Field>
      <Field label={t('ai.settings.model')} help={preset.defaultModel ? t('ai.settings.model.help', { model: preset.defaultModel }) : t('ai.settings.model.helpCustom')}>
        <input value={model} placeholder={preset.defaultModel} maxLength={200} spellCheck={false} onChange={(e) => setModel(e.target.value)} />
      </Field>
      <Field label={t('ai.settings.key')} help={preset.needsKey ? t('ai.settings.key.help') : t('ai.settings.key.optional')}>
        <input
          type="password"
          value={apiKey}
          autoComplete="off"
          spellCheck={false}
          placeholder={state.hasKey ? t('ai.settings.key.replace') : t('ai.settings.key.placeholder')}
          onChange={(e) => setApiKey(e.target.value)}
        />
      </Field>
      {state.hasKey ? (
        <p className="ai-settings__key" data-testid="ai-key-saved">
          <KeyRound size={16} aria-hidden="true" /> {t('ai.settings.key.saved')}{' '}
          <button type="button" className="button button--secondary button--small" onClick={() => void removeKey()}>
            {t('ai.settings.key.remove')}
          </button>
        </p>
      ) : null}
      <p className="field__help">
        {state.usage.counted
          ? t('ai.settings.usage', { today: state.usage.today, limit: state.usage.limit })
          : t('ai.settings.usage.local')}
      </p>
      <div className="form-actions">
        <button type="button" className="button button--primary" disabled={busy !== null} onClick={() => void onSave()}>
          {t('ai.settings.save')}
        </button>
        <button type="button" className="button button--secondary" disabled={busy !== null} onClick={() => void onTest()}>
          {busy === 'test' ? <Loader2 size={16} className="spin" aria-hidden="true" /> : <PlugZap size={16} aria-hidden="true" />} {t('ai.settings.test')}
        </button>
      </div>
      <div role="status" aria-live="polite">
        {test ? (
          test.ok ? (
            <p className="test-result test-result--ok">
              <CheckCircle2 size={16} aria-hidden="true" /> {t('ai.settings.test.ok', { model: test.model })}
            </p>
          ) : (
            <p className="test-result test-result--error">
              <XCircle size={16} aria-hidden="true" /> {errorText(test.error, test.error.message)}
            </p>
          )
        ) : null}
      </div>
      {confirmDialog}
    </section>
  );
}

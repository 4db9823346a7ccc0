import { useState } from 'react';
import { CheckCircle2, Loader2, PlugZap } from 'lucide-react';
import type { ConnectionCheckView } from '../../../../shared/api/methods/cloud';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { useErrorText, useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { PhoneInfoFacts } from './PhoneInfo';
import { WebhookSetup } from './WebhookSetup';
import './cloud.css';

interface Inputs {
  label: string;
  phoneNumberId: string;
  wabaId: string;
  token: string;
  appSecret: string;
}

const key = (i: Inputs) => `${i.phoneNumberId.trim()}|${i.wabaId.trim()}|${i.token.trim()}`;

/**
 * "API oficial (Cloud API)" inside Adicionar número: the IDs, token and app secret, "Testar
 * conexão" (what the API reports, or a specific error), then add, then the webhook to set up.
 */
export function AddCloudNumberForm(props: { onCancel(): void; onDone(numberId: number | null): void }) {
  const t = useT();
  const errorText = useErrorText();
  const notify = useAppStore((s) => s.notify);
  const [inputs, setInputs] = useState<Inputs>({ label: t('cloud.add.label.default'), phoneNumberId: '', wabaId: '', token: '', appSecret: '' });
  const [busy, setBusy] = useState<'test' | 'add' | null>(null);
  const [check, setCheck] = useState<{ for: string; result: ConnectionCheckView } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [numberId, setNumberId] = useState<number | null>(null);
  const set = (patch: Partial<Inputs>) => setInputs((i) => ({ ...i, ...patch }));
  const tested = check !== null && check.for === key(inputs);
  const complete = inputs.phoneNumberId.trim() && inputs.wabaId.trim() && inputs.token.trim().length >= 20;

  const test = async () => {
    setBusy('test');
    setError(null);
    try {
      const result = await api.cloud.testConnection({ phoneNumberId: inputs.phoneNumberId.trim(), wabaId: inputs.wabaId.trim(), token: inputs.token.trim() });
      setCheck({ for: key(inputs), result });
    } catch (err) {
      setCheck(null);
      setError(errorText(err, t('cloud.add.test')));
    } finally {
      setBusy(null);
    }
  };

  const add = async () => {
    setBusy('add');
    setError(null);
    try {
      const res = await api.cloud.addNumber({
        label: inputs.label.trim() || t('cloud.add.label.default'),
        phoneNumberId: inputs.phoneNumberId.trim(),
        wabaId: inputs.wabaId.trim(),
        token: inputs.token.trim(),
        appSecret: inputs.appSecret.trim(),
      });
      notify('success', t('cloud.add.added'));
      setNumberId(res.numberId);
    } catch (err) {
      setError(errorText(err, t('cloud.add.add')));
    } finally {
      setBusy(null);
    }
  };

  if (numberId !== null) {
    return (
      <div className="wa-dialog__link">
        <p className="wa-dialog__success">
          <CheckCircle2 size={20} aria-hidden="true" /> {t('cloud.add.added')}
        </p>
        <WebhookSetup numberId={numberId} />
        <div className="wa-dialog__actions">
          <button type="button" className="button button--primary" onClick={() => props.onDone(numberId)}>
            {t('cloud.add.done')}
          </button>
        </div>
      </div>
    );
  }

  return (
    <form
      className="wa-dialog__form cloud-add"
      onSubmit={(e) => {
        e.preventDefault();
        if (tested) void add();
        else if (complete) void test();
      }}
    >
      <p className="wa-dialog__intro">{t('cloud.add.intro')}</p>
      <Field label={t('cloud.add.label')}>
        <input value={inputs.label} maxLength={60} onChange={(e) => set({ label: e.target.value })} />
      </Field>
      <div className="form-row">
        <Field label={t('cloud.add.phoneId')} help={t('cloud.add.phoneId.help')}>
          <input value={inputs.phoneNumberId} inputMode="numeric" autoComplete="off" required onChange={(e) => set({ phoneNumberId: e.target.value })} />
        </Field>
        <Field label={t('cloud.add.wabaId')} help={t('cloud.add.wabaId.help')}>
          <input value={inputs.wabaId} inputMode="numeric" autoComplete="off" required onChange={(e) => set({ wabaId: e.target.value })} />
        </Field>
      </div>
      <Field label={t('cloud.add.token')} help={t('cloud.add.token.help')}>
        <input type="password" value={inputs.token} autoComplete="off" spellCheck={false} required onChange={(e) => set({ token: e.target.value })} />
      </Field>
      <Field label={t('cloud.add.secret')} help={t('cloud.add.secret.help')}>
        <input type="password" value={inputs.appSecret} autoComplete="off" spellCheck={false} required onChange={(e) => set({ appSecret: e.target.value })} />
      </Field>

      <div role="status" aria-live="polite" className="cloud-add__result">
        {tested ? (
          <div className="banner banner--success cloud-add__ok">
            <strong>
              <CheckCircle2 size={18} aria-hidden="true" /> {t('cloud.add.ok')}
            </strong>
            <PhoneInfoFacts info={check.result} approvedTemplates={check.result.approvedTemplates} />
          </div>
        ) : check ? (
          <p className="inline-warning">{t('cloud.add.retest')}</p>
        ) : null}
      </div>
      {error ? (
        <p className="banner banner--error" role="alert" data-testid="cloud-add-error">
          {error}
        </p>
      ) : null}

      <div className="wa-dialog__actions">
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {t('whatsapp.add.cancel')}
        </button>
        <button type="button" className="button button--secondary" disabled={!complete || busy !== null} onClick={() => void test()}>
          {busy === 'test' ? <Loader2 size={16} className="wa-spin" aria-hidden="true" /> : <PlugZap size={16} aria-hidden="true" />}
          {busy === 'test' ? t('cloud.add.testing') : t('cloud.add.test')}
        </button>
        <button type="submit" className="button button--primary" disabled={!tested || !inputs.appSecret.trim() || busy !== null}>
          {busy === 'add' ? <Loader2 size={16} className="wa-spin" aria-hidden="true" /> : null}
          {t('cloud.add.add')}
        </button>
      </div>
    </form>
  );
}

import { useState } from 'react';
import { FlaskConical, MessageSquareReply, Trash2, Unlock } from 'lucide-react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { api } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { flagText, useLanguage, useNumber, useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { connectionLine } from './connection-line';
import { NumberLimits } from './NumberLimits';
import { NumberGroups } from './NumberGroups';
import { CloudNumberPanel } from '../cloud/CloudNumberPanel';

/** The numbers with their state, SIMULADO badge, today's sends against the cap, and actions. */
export function NumberList(props: { numbers: NumberView[]; onChanged(): void }) {
  const t = useT();
  const language = useLanguage();
  const num = useNumber();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [confirm, confirmDialog] = useConfirm();
  const timeZone = useAppStore((s) => s.settings?.timeZone);

  const remove = async (n: NumberView) => {
    const ok = await confirm({ title: t('numbers.remove.title', { label: n.label }), body: t('numbers.remove.body'), confirmLabel: t('numbers.remove'), danger: true });
    if (!ok) return;
    try {
      await api.numbers.remove({ id: n.id });
      notify('success', t('numbers.remove.done'), { subject: `number.${n.id}` });
      props.onChanged();
    } catch (err) {
      reportError(err, { subject: `number.${n.id}` });
    }
  };
  const clearFlag = async (n: NumberView) => {
    try {
      await api.numbers.clearFlag({ id: n.id });
      props.onChanged();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <>
      <ul className="number-list" aria-label={t('numbers.list.label')}>
        {props.numbers.map((n) => {
          const connection = connectionLine(t, n, { language, timeZone, now: Date.now() });
          return (
            <li key={n.id} className="card number-item" data-testid={`number-${n.id}`}>
              <div className="number-item__head">
                <h2 className="number-item__label">{n.label}</h2>
                {n.simulated ? (
                  <span className="badge number-badge--simulated" title={t('numbers.simulated.help')}>
                    <FlaskConical size={12} aria-hidden="true" /> {t('numbers.simulated')}
                  </span>
                ) : null}
                {n.kind === 'cloud' ? <span className="badge cloud-badge">{t('cloud.badge')}</span> : null}
                <span className={`badge number-state number-state--${n.status}`}>{t(`whatsapp.state.${n.status}` as MessageKey)}</span>
                {n.flagged ? <span className="badge badge--invalid">{t('numbers.flagged')}</span> : null}
              </div>
              {n.phone ? <p className="number-item__phone">{n.phone}</p> : null}
              {connection ? (
                <p className={`number-item__connection number-item__connection--${n.status}`} role="status">
                  {connection}
                </p>
              ) : null}
              {n.flagged && n.flagReason ? <p className="banner banner--warning">{flagText(language, n)}</p> : null}
              <p className="number-item__today">{n.today.cap !== null ? t('numbers.todayCap', { sent: num(n.today.sent), cap: num(n.today.cap) }) : t('numbers.today', { sent: num(n.today.sent) })}</p>
              <div className="number-item__actions">
                {n.flagged ? (
                  <button type="button" className="button button--secondary" onClick={() => void clearFlag(n)}>
                    <Unlock size={16} aria-hidden="true" /> {t('numbers.clearFlag')}
                  </button>
                ) : null}
                <button type="button" className="button button--secondary" onClick={() => void remove(n)} aria-label={`${t('numbers.remove')} ${n.label}`}>
                  <Trash2 size={16} aria-hidden="true" /> {t('numbers.remove')}
                </button>
              </div>
              <NumberLimits number={n} onSaved={props.onChanged} />
              {n.kind === 'cloud' ? <CloudNumberPanel number={n} /> : null}
              {n.simulated ? <SimulateReply number={n} /> : n.kind === 'whatsapp' ? <NumberGroups number={n} /> : null}
            </li>
          );
        })}
      </ul>
      {confirmDialog}
    </>
  );
}

/** Rehearsal: a contact "answers" the simulated number (e.g. SAIR to see an opt-out). */
function SimulateReply(props: { number: NumberView }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [phone, setPhone] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <details className="number-simulate">
      <summary>
        <MessageSquareReply size={14} aria-hidden="true" /> {t('numbers.simulate.title')}
      </summary>
      <form
        className="number-simulate__form"
        aria-label={`${t('numbers.simulate.title')} — ${props.number.label}`}
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          api.numbers
            .simulateReply({ id: props.number.id, phone, text })
            .then(() => {
              notify('success', t('numbers.simulate.done'));
              setText('');
            })
            .catch(reportError)
            .finally(() => setBusy(false));
        }}
      >
        <Field label={t('numbers.simulate.phone')}>
          <input type="tel" value={phone} required onChange={(e) => setPhone(e.target.value)} />
        </Field>
        <Field label={t('numbers.simulate.text')}>
          <input value={text} required maxLength={2000} onChange={(e) => setText(e.target.value)} />
        </Field>
        <div>
          <button type="submit" className="button button--secondary" disabled={busy || !phone.trim() || !text.trim()}>
            {t('numbers.simulate.send')}
          </button>
        </div>
      </form>
    </details>
  );
}

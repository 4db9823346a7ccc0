import { useEffect, useId, useRef, useState } from 'react';
import { Send } from 'lucide-react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { api } from '../../api';
import { Field } from '../../components/Field';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';
import { useReturnFocus } from '../../components/return-focus';

/** Sends the campaign's message to the user's own phone (not a delivery, not counted). */
export function TestSendDialog(props: { open: boolean; campaignId: number; numberIds: number[]; onClose(): void }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [numbers, setNumbers] = useState<NumberView[]>([]);
  const [numberId, setNumberId] = useState<number | ''>('');
  const [phone, setPhone] = useState('');
  const [busy, setBusy] = useState(false);
  const { open, onClose, numberIds } = props;
  useReturnFocus(open);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
    if (!open) return;
    api.numbers
      .list()
      .then((list) => {
        setNumbers(list);
        const preferred = list.find((n) => numberIds.includes(n.id)) ?? list[0];
        setNumberId(preferred ? preferred.id : '');
      })
      .catch(reportError);
  }, [open]);

  const send = async () => {
    if (numberId === '') return;
    setBusy(true);
    try {
      await api.campaigns.testSend({ id: props.campaignId, numberId, phone });
      notify('success', t('campaigns.test.sent'));
      onClose();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <dialog ref={ref} className="confirm-dialog test-send" aria-labelledby={titleId} onCancel={(e) => (e.preventDefault(), onClose())}>
      <h2 id={titleId} className="confirm-dialog__title">
        {t('campaigns.test.title')}
      </h2>
      <p className="confirm-dialog__body">{t('campaigns.test.body')}</p>
      {numbers.length === 0 ? (
        <>
          <p className="banner banner--warning">{t('campaigns.test.noNumber')}</p>
          <div className="confirm-dialog__actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('campaigns.close')}
            </button>
          </div>
        </>
      ) : (
        <form
          className="test-send__form"
          onSubmit={(e) => {
            e.preventDefault();
            void send();
          }}
        >
          <Field label={t('campaigns.test.number')}>
            <select value={numberId} onChange={(e) => setNumberId(Number(e.target.value))}>
              {numbers.map((n) => (
                <option key={n.id} value={n.id}>
                  {n.label}
                  {n.simulated ? ` (${t('numbers.simulated')})` : ''}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('campaigns.test.phone')}>
            <input type="tel" inputMode="tel" autoComplete="tel" value={phone} required onChange={(e) => setPhone(e.target.value)} />
          </Field>
          <div className="confirm-dialog__actions">
            <button type="button" className="button button--secondary" onClick={onClose}>
              {t('campaigns.close')}
            </button>
            <button type="submit" className="button button--primary" disabled={busy || !phone.trim()}>
              <Send size={16} aria-hidden="true" /> {t('campaigns.test.send')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}

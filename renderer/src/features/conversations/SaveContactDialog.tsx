import { useEffect, useId, useRef, useState } from 'react';
import { formatPhone } from '../../../../shared/phone';
import { useT } from '../../i18n';
import { useReturnFocus } from '../../components/return-focus';

/** Asks a name for a "Novo contato" before saving them; `onClose(null)` when cancelled. */
export function SaveContactDialog(props: { phone: string; onClose(name: string | null): void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [name, setName] = useState('');
  useReturnFocus(true);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose(null);
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onClose(name.trim());
        }}
      >
        <h2 id={titleId} className="confirm-dialog__title">
          {t('conv.saveContact.title', { telefone: formatPhone(props.phone) })}
        </h2>
        <div className="confirm-dialog__body field">
          <label className="field__label" htmlFor={`${titleId}-name`}>
            {t('conv.saveContact.name')}
          </label>
          <input id={`${titleId}-name`} value={name} maxLength={200} autoFocus onChange={(e) => setName(e.target.value)} />
        </div>
        <div className="confirm-dialog__actions">
          <button type="button" className="button button--secondary" onClick={() => props.onClose(null)}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="button button--primary">
            {t('conv.saveContact.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

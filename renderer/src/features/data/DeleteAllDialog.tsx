import { useEffect, useId, useRef, useState } from 'react';
import { useT } from '../../i18n';
import { useReturnFocus } from '../../components/return-focus';

const WORD = 'APAGAR';

/** "Apagar todos os dados": confirmed only by typing the word, so it never happens by a stray click. */
export function DeleteAllDialog(props: { open: boolean; busy: boolean; onClose(confirmed: boolean): void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const [typed, setTyped] = useState('');
  const inputId = useId();
  const { open, onClose } = props;
  useReturnFocus(open);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setTyped('');
      dialog.showModal();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const ok = typed.trim() === WORD;
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${inputId}-title`}
      onCancel={(e) => {
        e.preventDefault();
        if (!props.busy) onClose(false);
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          if (ok && !props.busy) onClose(true);
        }}
      >
        <h2 id={`${inputId}-title`} className="confirm-dialog__title">
          {t('data.delete.title')}
        </h2>
        <div className="confirm-dialog__body">
          <p>{t('data.delete.body')}</p>
          <label className="field__label data-delete__label" htmlFor={inputId}>
            {t('data.delete.typeLabel')}
          </label>
          <input id={inputId} value={typed} autoComplete="off" spellCheck={false} onChange={(e) => setTyped(e.target.value)} autoFocus />
        </div>
        <div className="confirm-dialog__actions">
          <button type="button" className="button button--secondary" disabled={props.busy} onClick={() => onClose(false)}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="button button--danger" disabled={!ok || props.busy}>
            {props.busy ? t('data.delete.working') : t('data.delete.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

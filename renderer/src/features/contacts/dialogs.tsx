import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { useNumber, useT } from '../../i18n';
import { useReturnFocus } from '../../components/return-focus';

function useModal(onCancel: () => void) {
  const ref = useRef<HTMLDialogElement>(null);
  useReturnFocus(true);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return {
    ref,
    onCancel: (e: React.SyntheticEvent) => {
      e.preventDefault();
      onCancel();
    },
  };
}

/** Asks for a list name (new list, rename). */
export function ListNameDialog(props: { title: string; initial?: string; confirmLabel: string; onClose(name: string | null): void }) {
  const t = useT();
  const titleId = useId();
  const [name, setName] = useState(props.initial ?? '');
  const modal = useModal(() => props.onClose(null));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (name.trim()) props.onClose(name.trim());
  };
  return (
    <dialog ref={modal.ref} className="confirm-dialog" aria-labelledby={titleId} onCancel={modal.onCancel}>
      <form onSubmit={submit}>
        <h2 id={titleId} className="confirm-dialog__title">
          {props.title}
        </h2>
        <div className="confirm-dialog__body">
          <Field label={t('contacts.lists.name')}>
            <input value={name} maxLength={120} autoFocus onChange={(e) => setName(e.target.value)} />
          </Field>
        </div>
        <div className="confirm-dialog__actions">
          <button type="button" className="button button--secondary" onClick={() => props.onClose(null)}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={!name.trim()}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** Confirms deleting a list; its contacts stay unless the box is ticked. */
export function DeleteListDialog(props: { name: string; count: number; onClose(result: { deleteContacts: boolean } | null): void }) {
  const t = useT();
  const num = useNumber();
  const [alsoContacts, setAlsoContacts] = useState(false);
  return (
    <ConfirmDialog
      open
      danger
      title={t('contacts.lists.deleteTitle', { name: props.name })}
      confirmLabel={t('contacts.lists.deleteConfirm')}
      body={
        <div className="delete-list">
          <p>{t('contacts.lists.deleteBody')}</p>
          <label className="toggle-row">
            <input type="checkbox" checked={alsoContacts} onChange={(e) => setAlsoContacts(e.target.checked)} />
            <span>{t('contacts.lists.deleteContacts', { count: num(props.count) })}</span>
          </label>
        </div>
      }
      onClose={(ok) => props.onClose(ok ? { deleteContacts: alsoContacts } : null)}
    />
  );
}

/** Export of the contacts in view: CSV (any size) or Excel (up to 200 mil). */
export function ExportDialog(props: { count: number | null; onClose(format: 'csv' | 'xlsx' | null): void }) {
  const t = useT();
  const num = useNumber();
  const titleId = useId();
  const [format, setFormat] = useState<'csv' | 'xlsx'>('csv');
  const modal = useModal(() => props.onClose(null));
  return (
    <dialog ref={modal.ref} className="confirm-dialog" aria-labelledby={titleId} onCancel={modal.onCancel}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          props.onClose(format);
        }}
      >
        <h2 id={titleId} className="confirm-dialog__title">
          {t('contacts.export.title')}
        </h2>
        <div className="confirm-dialog__body">
          <p>{props.count !== null ? t('contacts.export.body', { count: num(props.count) }) : null}</p>
          <fieldset className="radio-group">
            <legend className="field__label">{t('contacts.export.format')}</legend>
            <label className="radio-group__item">
              <input type="radio" name={`${titleId}-fmt`} checked={format === 'csv'} onChange={() => setFormat('csv')} />
              {t('contacts.export.csv')}
            </label>
            <label className="radio-group__item">
              <input type="radio" name={`${titleId}-fmt`} checked={format === 'xlsx'} onChange={() => setFormat('xlsx')} />
              {t('contacts.export.xlsx')}
            </label>
          </fieldset>
          <p className="field__help">{t('contacts.export.help')}</p>
        </div>
        <div className="confirm-dialog__actions">
          <button type="button" className="button button--secondary" onClick={() => props.onClose(null)}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="button button--primary">
            {t('contacts.export.confirm')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

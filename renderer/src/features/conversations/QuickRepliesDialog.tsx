import { useEffect, useId, useRef, useState } from 'react';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import type { QuickReply } from '../../../../shared/api/methods/conversations';
import { api } from '../../api';
import { useConfirm } from '../../components/ConfirmDialog';
import { useReturnFocus } from '../../components/return-focus';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';

/** Respostas rápidas: list, add, edit and delete saved snippets (with variables). */
export function QuickRepliesDialog(props: { onClose(): void }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [list, setList] = useState<QuickReply[] | null>(null);
  const [editing, setEditing] = useState<number | null>(null);
  const [title, setTitle] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirm, confirmDialog] = useConfirm();
  useReturnFocus(true);

  const load = () =>
    void api.quickReplies
      .list()
      .then(setList)
      .catch((err) => reportError(err));
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
    load();
  }, []);

  const reset = () => {
    setEditing(null);
    setTitle('');
    setText('');
  };

  const save = async () => {
    setBusy(true);
    try {
      if (editing !== null) {
        await api.quickReplies.update({ id: editing, title, text });
        notify('success', t('quick.updated'));
      } else {
        await api.quickReplies.create({ title, text });
        notify('success', t('quick.created'));
      }
      reset();
      load();
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async (q: QuickReply) => {
    if (!(await confirm({ title: t('quick.deleteConfirm', { title: q.title }), confirmLabel: t('quick.delete'), danger: true }))) return;
    try {
      await api.quickReplies.delete({ id: q.id });
      notify('success', t('quick.deleted'));
      if (editing === q.id) reset();
      load();
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog quick-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {t('quick.title')}
      </h2>
      <p className="quick-dialog__help">{t('quick.body')}</p>
      {list === null ? (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      ) : list.length === 0 ? (
        <p className="quick-dialog__empty">{t('quick.empty')}</p>
      ) : (
        <ul className="quick-dialog__list" aria-label={t('quick.title')}>
          {list.map((q) => (
            <li key={q.id}>
              <div>
                <strong>{q.title}</strong>
                <p>{q.text}</p>
              </div>
              <button
                type="button"
                className="button button--secondary button--small"
                aria-label={`${t('quick.edit')} ${q.title}`}
                onClick={() => {
                  setEditing(q.id);
                  setTitle(q.title);
                  setText(q.text);
                }}
              >
                <Pencil size={14} aria-hidden="true" />
              </button>
              <button type="button" className="button button--secondary button--small" aria-label={`${t('quick.delete')} ${q.title}`} onClick={() => void remove(q)}>
                <Trash2 size={14} aria-hidden="true" />
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="quick-dialog__form"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <label className="field">
          <span className="field__label">{t('quick.name')}</span>
          <input value={title} maxLength={60} onChange={(e) => setTitle(e.target.value)} />
        </label>
        <label className="field">
          <span className="field__label">{t('quick.text')}</span>
          <textarea rows={3} value={text} maxLength={4000} onChange={(e) => setText(e.target.value)} />
        </label>
        <div className="confirm-dialog__actions">
          {editing !== null ? (
            <button type="button" className="button button--secondary" onClick={reset}>
              {t('quick.cancelEdit')}
            </button>
          ) : null}
          <button type="submit" className="button button--primary" disabled={busy || !title.trim() || !text.trim()}>
            <Plus size={15} aria-hidden="true" /> {t(editing !== null ? 'quick.save' : 'quick.add')}
          </button>
          <button type="button" className="button button--secondary" onClick={props.onClose}>
            {t('quick.close')}
          </button>
        </div>
      </form>
      {confirmDialog}
    </dialog>
  );
}

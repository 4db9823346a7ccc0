import { useEffect, useId, useState } from 'react';
import { Tag, X } from 'lucide-react';
import type { ConversationDetail } from '../../../../shared/api/methods/conversations';
import { api } from '../../api';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';

/**
 * Labels (etiquetas) of the contact behind a thread: the same tags as in Contatos, so a label set
 * here filters the inbox, filters Contatos and can be a campaign audience. Someone who is not a
 * contact yet ("Novo contato") must be saved first: tags belong to contacts.
 */
export function ConversationLabels(props: { detail: ConversationDetail }) {
  const { detail } = props;
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [known, setKnown] = useState<string[]>([]);
  const inputId = useId();

  useEffect(() => {
    void api.tags
      .list()
      .then((tags) => setKnown(tags.map((x) => x.name)))
      .catch(() => {});
  }, [detail.tags.length]);

  if (detail.contactId === null) {
    return <p className="thread__labels thread__labels--none">{t('convLabels.needsContact')}</p>;
  }
  const contactId = detail.contactId;

  const add = async () => {
    const clean = name.trim();
    if (!clean) {
      notify('error', t('convLabels.empty'));
      return;
    }
    setBusy(true);
    try {
      await api.contacts.addTag({ contactIds: [contactId], name: clean });
      setName('');
      notify('success', t('convLabels.added', { name: clean }));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async (tag: { id: number; name: string }) => {
    setBusy(true);
    try {
      await api.contacts.removeTag({ contactId, tagId: tag.id });
      notify('success', t('convLabels.removed', { name: tag.name }));
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="thread__labels" role="group" aria-label={t('convLabels.title')} data-testid="conversation-labels">
      <Tag size={14} aria-hidden="true" />
      {detail.tags.length === 0 ? <span className="thread__labels-none">{t('convLabels.none')}</span> : null}
      {detail.tags.map((tag) => (
        <span key={tag.id} className="chip chip--static">
          {tag.name}
          <button type="button" className="icon-button icon-button--small" aria-label={t('convLabels.remove', { name: tag.name })} disabled={busy} onClick={() => void remove(tag)}>
            <X size={12} aria-hidden="true" />
          </button>
        </span>
      ))}
      <form
        className="thread__labels-add"
        onSubmit={(e) => {
          e.preventDefault();
          void add();
        }}
      >
        <label className="visually-hidden" htmlFor={inputId}>
          {t('convLabels.add')}
        </label>
        <input id={inputId} list={`${inputId}-known`} value={name} maxLength={60} placeholder={t('convLabels.addPlaceholder')} onChange={(e) => setName(e.target.value)} />
        <datalist id={`${inputId}-known`}>
          {known.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
        <button type="submit" className="button button--secondary button--small" disabled={busy}>
          {t('convLabels.add')}
        </button>
      </form>
    </div>
  );
}

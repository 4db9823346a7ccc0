import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { Plus, X } from 'lucide-react';
import { api } from '../../api';
import type { ContactDetailView } from '../../../../shared/api/methods/leads';
import { Field } from '../../components/Field';
import { useErrorText, useT } from '../../i18n';
import { toFieldKey } from '../import/mapping';
import { useReturnFocus } from '../../components/return-focus';
import { useDisplayTime } from '../../lib/use-display-time';

interface FieldRow {
  key: string;
  value: string;
}

/** Edits one contact: name, phone, e-mail, status, custom fields and tags. */
export function EditContactDialog(props: { contactId: number; onClose(saved: boolean): void }) {
  const t = useT();
  const time = useDisplayTime();
  const errorText = useErrorText();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [contact, setContact] = useState<ContactDetailView | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const [status, setStatus] = useState<ContactDetailView['status']>('active');
  const [fields, setFields] = useState<FieldRow[]>([]);
  const [newTag, setNewTag] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const { contactId, onClose } = props;

  useReturnFocus(true);
  useEffect(() => {
    ref.current?.showModal();
  }, []);

  useEffect(() => {
    let alive = true;
    api.contacts.get({ id: contactId }).then(
      (c) => {
        if (!alive) return;
        setContact(c);
        setName(c.name ?? '');
        setPhone(c.phoneDisplay);
        setEmail(c.email ?? '');
        setStatus(c.status);
        setFields(Object.entries(c.fields).map(([key, value]) => ({ key, value })));
      },
      (err) => alive && setError(err ?? true),
    );
    return () => {
      alive = false;
    };
    // Loads once per contact: anything else here would overwrite what the user is typing.
  }, [contactId]);

  const fail = (err: unknown) => setError(err ?? true);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!contact) return;
    setSaving(true);
    setError(null);
    try {
      const clean: Record<string, string> = {};
      for (const f of fields) if (f.key.trim()) clean[toFieldKey(f.key)] = f.value;
      await api.contacts.update({
        id: contact.id,
        patch: {
          name: name.trim() || null,
          email: email.trim() || null,
          ...(phone.trim() !== contact.phoneDisplay ? { phone: phone.trim() } : {}),
          fields: clean,
          status,
        },
      });
      onClose(true);
    } catch (err) {
      fail(err);
    } finally {
      setSaving(false);
    }
  };

  const addTag = async () => {
    if (!contact || !newTag.trim()) return;
    try {
      await api.contacts.addTag({ contactIds: [contact.id], name: newTag.trim() });
      setContact(await api.contacts.get({ id: contact.id }));
      setNewTag('');
    } catch (err) {
      fail(err);
    }
  };

  const removeTag = async (tagId: number) => {
    if (!contact) return;
    try {
      await api.contacts.removeTag({ contactId: contact.id, tagId });
      setContact(await api.contacts.get({ id: contact.id }));
    } catch (err) {
      fail(err);
    }
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog contact-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose(false);
      }}
    >
      <form onSubmit={(e) => void save(e)} className="contact-dialog__form">
        <h2 id={titleId} className="confirm-dialog__title">
          {t('contacts.edit.title')}
        </h2>
        {error ? (
          <div className="banner banner--error" role="alert">
            {errorText(error, t('common.error'))}
          </div>
        ) : null}
        {!contact ? (
          <p className="loading">{t('common.loading')}</p>
        ) : (
          <>
            <Field label={t('contacts.col.name')}>
              <input value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
            </Field>
            <Field label={t('contacts.edit.phone')} help={t('contacts.edit.phoneHelp')}>
              <input value={phone} maxLength={60} inputMode="tel" onChange={(e) => setPhone(e.target.value)} />
            </Field>
            <Field label={t('contacts.col.email')}>
              <input value={email} maxLength={200} type="email" onChange={(e) => setEmail(e.target.value)} />
            </Field>
            <Field label={t('contacts.col.status')} help={status === 'active' && contact.status === 'opted_out' ? t('contacts.edit.reactivateWarning') : undefined}>
              <select value={status} onChange={(e) => setStatus(e.target.value as ContactDetailView['status'])}>
                <option value="active">{t('contacts.status.active')}</option>
                <option value="opted_out">{t('contacts.status.opted_out')}</option>
                <option value="invalid">{t('contacts.status.invalid')}</option>
              </select>
            </Field>

            <fieldset className="contact-dialog__fields">
              <legend className="field__label">{t('contacts.edit.fields')}</legend>
              {fields.length === 0 ? <p className="field__help">{t('contacts.edit.noFields')}</p> : null}
              {fields.map((f, i) => (
                <div key={i} className="contact-dialog__field-row">
                  <input aria-label={t('contacts.edit.fieldKey')} value={f.key} onChange={(e) => setFields(fields.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
                  <input aria-label={t('contacts.edit.fieldValue', { key: f.key })} value={f.value} onChange={(e) => setFields(fields.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
                  <button type="button" className="icon-button" aria-label={t('contacts.edit.removeField', { key: f.key })} onClick={() => setFields(fields.filter((_, j) => j !== i))}>
                    <X size={16} aria-hidden="true" />
                  </button>
                </div>
              ))}
              <button type="button" className="button button--secondary button--small" onClick={() => setFields([...fields, { key: '', value: '' }])}>
                <Plus size={14} aria-hidden="true" /> {t('contacts.edit.addField')}
              </button>
            </fieldset>

            <div className="field">
              <span className="field__label">{t('contacts.edit.tags')}</span>
              <div className="chips">
                {contact.tags.map((tag) => (
                  <span key={tag.id} className="chip chip--static">
                    {tag.name}
                    <button type="button" className="icon-button" aria-label={t('contacts.edit.removeTag', { tag: tag.name })} onClick={() => void removeTag(tag.id)}>
                      <X size={12} aria-hidden="true" />
                    </button>
                  </span>
                ))}
              </div>
              <div className="contact-dialog__field-row">
                <input aria-label={t('contacts.edit.newTag')} placeholder={t('contacts.edit.newTag')} value={newTag} maxLength={60} onChange={(e) => setNewTag(e.target.value)} onKeyDown={(e) => {
                  if (e.key === 'Enter') {
                    e.preventDefault();
                    void addTag();
                  }
                }} />
                <button type="button" className="button button--secondary button--small" disabled={!newTag.trim()} onClick={() => void addTag()}>
                  {t('contacts.edit.addTag')}
                </button>
              </div>
            </div>

            <dl className="facts contact-dialog__facts">
              <dt>{t('contacts.col.lists')}</dt>
              <dd>{contact.lists.map((l) => l.name).join(', ') || '—'}</dd>
              <dt>{t('contacts.col.consent')}</dt>
              <dd>
                {contact.consentSource ?? '—'}
                {contact.consentAt ? `, ${time.format(contact.consentAt, true)}` : ''}
              </dd>
            </dl>
          </>
        )}
        <div className="confirm-dialog__actions">
          <button type="button" className="button button--secondary" onClick={() => onClose(false)}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="button button--primary" disabled={!contact || saving}>
            {saving ? t('contacts.edit.saving') : t('contacts.edit.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

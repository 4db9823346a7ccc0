import { useEffect, useId, useState } from 'react';
import { api } from '../../api';
import type { ContactListView } from '../../../../shared/api/methods/leads';
import { Field } from '../../components/Field';
import { useNumber, useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';

export interface Destination {
  mode: 'new' | 'existing';
  name: string;
  listId: number | null;
  consentSource: string;
  onExisting: 'update' | 'keep';
}

/** Where contacts usually come from, offered as one-click answers in the UI language. */
export const CONSENT_SUGGESTIONS: MessageKey[] = ['import.consent.suggest.store', 'import.consent.suggest.form', 'import.consent.suggest.referral', 'import.consent.suggest.hotmart', 'import.consent.suggest.event'];

/** Step 3: which list, where the contacts came from (LGPD consent record), what to do with known ones. */
export function DestinationStep(props: { value: Destination; rowsEstimate?: number; busy: boolean; onChange(d: Destination): void; onBack(): void; onStart(): void }) {
  const t = useT();
  const num = useNumber();
  const reportError = useAppStore((s) => s.reportError);
  const [lists, setLists] = useState<ContactListView[] | null>(null);
  const id = useId();
  const d = props.value;

  useEffect(() => {
    let alive = true;
    api.lists.list().then(
      (l) => alive && setLists(l),
      (err) => {
        if (alive) setLists([]);
        reportError(err);
      },
    );
    return () => {
      alive = false;
    };
  }, [reportError]);

  const listOk = d.mode === 'new' ? d.name.trim().length > 0 : d.listId !== null;
  const consentOk = d.consentSource.trim().length >= 2;
  const set = (patch: Partial<Destination>) => props.onChange({ ...d, ...patch });

  return (
    <div className="import-step">
      <fieldset className="radio-group">
        <legend className="field__label">{t('import.dest.list')}</legend>
        <label className="radio-group__item">
          <input type="radio" name={`${id}-mode`} checked={d.mode === 'new'} onChange={() => set({ mode: 'new' })} />
          {t('import.dest.newList')}
        </label>
        {d.mode === 'new' ? (
          <div className="import-indent">
            <Field label={t('import.dest.newListName')}>
              <input value={d.name} maxLength={120} onChange={(e) => set({ name: e.target.value })} />
            </Field>
          </div>
        ) : null}
        <label className="radio-group__item">
          <input type="radio" name={`${id}-mode`} checked={d.mode === 'existing'} disabled={lists?.length === 0} onChange={() => set({ mode: 'existing', listId: d.listId ?? lists?.[0]?.id ?? null })} />
          {t('import.dest.existingList')}
          {lists?.length === 0 ? <span className="field__help"> {t('import.dest.noLists')}</span> : null}
        </label>
        {d.mode === 'existing' && lists ? (
          <div className="import-indent">
            <Field label={t('import.dest.chooseList')}>
              <select value={d.listId === null ? '' : String(d.listId)} onChange={(e) => set({ listId: Number(e.target.value) })}>
                {lists.map((l) => (
                  <option key={l.id} value={String(l.id)}>
                    {t('import.dest.listOption', { name: l.name, count: num(l.total) })}
                  </option>
                ))}
              </select>
            </Field>
          </div>
        ) : null}
      </fieldset>

      <Field label={t('import.consent.label')} help={t('import.consent.help')}>
        <input value={d.consentSource} maxLength={200} list={`${id}-consent`} required aria-required="true" onChange={(e) => set({ consentSource: e.target.value })} placeholder={t('import.consent.placeholder')} />
      </Field>
      <datalist id={`${id}-consent`}>
        {CONSENT_SUGGESTIONS.map((k) => (
          <option key={k} value={t(k)} />
        ))}
      </datalist>
      <div className="chips" aria-label={t('import.consent.suggestions')} role="group">
        {CONSENT_SUGGESTIONS.map((k) => {
          const s = t(k);
          return (
            <button key={k} type="button" className={`chip${d.consentSource === s ? ' is-active' : ''}`} aria-pressed={d.consentSource === s} onClick={() => set({ consentSource: s })}>
              {s}
            </button>
          );
        })}
      </div>

      <fieldset className="radio-group">
        <legend className="field__label">{t('import.existing.label')}</legend>
        <label className="radio-group__item">
          <input type="radio" name={`${id}-existing`} checked={d.onExisting === 'update'} onChange={() => set({ onExisting: 'update' })} />
          {t('import.existing.update')}
        </label>
        <label className="radio-group__item">
          <input type="radio" name={`${id}-existing`} checked={d.onExisting === 'keep'} onChange={() => set({ onExisting: 'keep' })} />
          {t('import.existing.keep')}
        </label>
        <p className="field__help">{t('import.existing.help')}</p>
      </fieldset>

      {!consentOk ? <p className="field__help">{t('import.consent.required')}</p> : null}
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={props.onBack}>
          {t('import.back')}
        </button>
        <button type="button" className="button button--primary" disabled={!listOk || !consentOk || props.busy} onClick={props.onStart}>
          {props.rowsEstimate !== undefined ? t('import.start.count', { count: num(props.rowsEstimate) }) : t('import.start')}
        </button>
      </div>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { api } from '../../api';
import { Users } from 'lucide-react';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { useAppStore } from '../../store/app-store';
import { useNumber, useT } from '../../i18n';
import { fetchLists, type ListOption } from './lists';
import type { StepProps } from './types';
import { GroupAudience, groupNumbers, toContactsPatch, toGroupsPatch } from './GroupAudience';

/**
 * Step 1: who receives the campaign: contacts (lists and labels) or the WhatsApp groups of one
 * linked number (issue 19).
 */
export function AudienceStep(props: StepProps) {
  const t = useT();
  const { draft, onChange, numbers } = props;
  // "Grupos" may be chosen before a number can be: the draft only holds groups once it has one.
  const [wantsGroups, setWantsGroups] = useState(!!draft.audience.groups);
  const groups = wantsGroups || !!draft.audience.groups;
  const choose = (kind: 'contacts' | 'groups') => {
    setWantsGroups(kind === 'groups');
    if (kind === 'contacts') {
      if (draft.audience.groups) onChange(toContactsPatch(draft));
      return;
    }
    if (draft.audience.groups) return;
    const candidates = groupNumbers(numbers);
    const pick = candidates.find((n) => draft.numberIds.includes(n.id)) ?? candidates.find((n) => n.status === 'connected') ?? candidates[0];
    if (pick) onChange(toGroupsPatch(draft, pick.id));
  };
  // Chosen before the numbers had loaded: take one as soon as they have.
  const pending = wantsGroups && !draft.audience.groups && numbers !== null;
  useEffect(() => {
    // Once, when the numbers arrive.
    if (pending) choose('groups');
  }, [pending]);
  return (
    <>
      <fieldset className="card form-card radio-group" data-testid="audience-kind">
        <legend className="field__label">{t('groupCampaign.kind.legend')}</legend>
        {(['contacts', 'groups'] as const).map((k) => (
          <label key={k} className="radio-group__item">
            <input type="radio" name="audience-kind" value={k} checked={groups === (k === 'groups')} onChange={() => choose(k)} />
            <span>
              <strong>{t(`groupCampaign.kind.${k}`)}</strong> <span className="field__help">{t(`groupCampaign.kind.${k}.help`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {groups ? <GroupAudience draft={draft} onChange={onChange} numbers={numbers} /> : <ContactsAudience draft={draft} onChange={onChange} />}
    </>
  );
}

/** Contacts: which lists (and which labels) receive the campaign. */
function ContactsAudience({ draft, onChange }: Pick<StepProps, 'draft' | 'onChange'>) {
  const t = useT();
  const num = useNumber();
  const reportError = useAppStore((s) => s.reportError);
  const [lists, setLists] = useState<ListOption[] | null | undefined>(undefined);
  const [tags, setTags] = useState<Array<{ id: number; name: string; count: number }>>([]);
  const [reach, setReach] = useState<number | null>(null);

  useEffect(() => {
    api.tags.list().then(setTags, () => setTags([]));
  }, []);
  const tagKey = (draft.audience.tagIds ?? []).join(',');
  const listKey = draft.audience.listIds.join(',');
  useEffect(() => {
    // Lists and labels overlap: the core counts each person once.
    if (!tagKey) {
      setReach(null);
      return;
    }
    let live = true;
    api.campaigns
      .audiencePreview({ draft: { audience: draft.audience } })
      .then((p) => live && setReach(p.inLists), () => live && setReach(null));
    return () => {
      live = false;
    };
  }, [tagKey, listKey]);

  useEffect(() => {
    fetchLists()
      .then(setLists)
      .catch((err: unknown) => {
        reportError(err);
        setLists(null);
      });
  }, [reportError]);

  const chosen = new Set(draft.audience.listIds);
  const toggle = (id: number, on: boolean) => {
    const next = on ? [...chosen, id] : [...chosen].filter((x) => x !== id);
    onChange({ audience: { ...draft.audience, listIds: next } });
  };
  const chosenTags = new Set(draft.audience.tagIds ?? []);
  const toggleTag = (id: number, on: boolean) => {
    const next = on ? [...chosenTags, id] : [...chosenTags].filter((x) => x !== id);
    onChange({ audience: { ...draft.audience, tagIds: next } });
  };

  if (lists === undefined) return <p className="loading">{t('common.loading')}</p>;
  if ((!lists || lists.length === 0) && tags.length === 0) {
    return (
      <EmptyState
        icon={Users}
        testId="audience-empty"
        title={t('wizard.audience.empty.title')}
        body={t('wizard.audience.empty.body')}
        actions={
          <a className="button button--secondary" href="#/contatos">
            {t('wizard.audience.empty.action')}
          </a>
        }
      />
    );
  }
  const total = reach ?? (lists ?? []).filter((l) => chosen.has(l.id)).reduce((s, l) => s + l.count, 0);
  return (
    <div className="card form-card">
      <fieldset className="check-list">
        <legend className="field__label">{t('wizard.audience.lists')}</legend>
        {(lists ?? []).map((l) => (
          <label key={l.id} className="check-list__item">
            <input type="checkbox" checked={chosen.has(l.id)} onChange={(e) => toggle(l.id, e.target.checked)} />
            <span>{l.name}</span>
            <span className="field__help">{t('wizard.audience.count', { n: num(l.count) })}</span>
          </label>
        ))}
      </fieldset>
      {tags.length > 0 ? (
        <fieldset className="check-list">
          <legend className="field__label">{t('wizard.audience.tags')}</legend>
          <p className="field__help">{t('wizard.audience.tags.help')}</p>
          {tags.map((tg) => (
            <label key={tg.id} className="check-list__item">
              <input type="checkbox" checked={chosenTags.has(tg.id)} onChange={(e) => toggleTag(tg.id, e.target.checked)} />
              <span>{tg.name}</span>
              <span className="field__help">{t('wizard.audience.count', { n: num(tg.count) })}</span>
            </label>
          ))}
        </fieldset>
      ) : null}
      <p className="field__help" role="status">
        {t('wizard.audience.total', { n: num(total) })}
      </p>
      <Field label={t('wizard.audience.frequencyCap')} help={t('wizard.audience.frequencyCap.help')}>
        <input
          type="number"
          min={0}
          max={365}
          value={draft.audience.frequencyCapDays}
          onChange={(e) => onChange({ audience: { ...draft.audience, frequencyCapDays: Math.max(0, Math.min(365, Math.floor(Number(e.target.value) || 0))) } })}
        />
      </Field>
    </div>
  );
}

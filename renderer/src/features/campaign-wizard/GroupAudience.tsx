import { RefreshCw, Smartphone } from 'lucide-react';
import type { CampaignDraft } from '../../../../shared/campaigns/schema';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { EmptyState } from '../../components/EmptyState';
import { useErrorText, useNumber, useT, type MessageKey } from '../../i18n';
import { chosenGroups, groupAudienceProblems } from './group-check';
import { useNumberGroups } from '../numbers/use-number-groups';
import type { StepProps } from './types';

/** Numbers that can post in groups: linked WhatsApp numbers (not simulated, not the Cloud API). */
export function groupNumbers(numbers: NumberView[] | null): NumberView[] {
  return (numbers ?? []).filter((n) => n.kind === 'whatsapp');
}

/** The draft switched to groups of `numberId`: it sends through that number only, link previews on. */
export function toGroupsPatch(draft: CampaignDraft, numberId: number, jids: string[] = []): Partial<CampaignDraft> {
  return {
    audience: { ...draft.audience, groups: { numberId, jids } },
    numberIds: [numberId],
    // Groups expect the link's card; the user can still turn it off at the messages step.
    messages: draft.audience.groups ? draft.messages : { ...draft.messages, linkPreview: true },
  };
}

/** Back to contacts: the groups are forgotten and the link previews go back to the contacts' default. */
export function toContactsPatch(draft: CampaignDraft): Partial<CampaignDraft> {
  return { audience: { ...draft.audience, groups: null }, messages: { ...draft.messages, linkPreview: false } };
}

/**
 * Step 1 for a campaign to groups: the number whose groups receive it, and which of its groups
 * (name, participants, whether only admins post), with what still keeps it from starting.
 */
export function GroupAudience({ draft, onChange, numbers }: Pick<StepProps, 'draft' | 'onChange' | 'numbers'>) {
  const t = useT();
  const num = useNumber();
  const errorText = useErrorText();
  const g = draft.audience.groups ?? null;
  const candidates = groupNumbers(numbers);
  const { list, error, refresh, refreshing } = useNumberGroups(g?.numberId ?? null);

  if (numbers === null) return <p className="loading">{t('common.loading')}</p>;
  if (candidates.length === 0) {
    return (
      <EmptyState
        icon={Smartphone}
        testId="group-audience-no-numbers"
        title={t('groupCampaign.noNumbers.title')}
        body={t('groupCampaign.noNumbers.body')}
        actions={
          <a className="button button--secondary" href="#/numeros">
            {t('groupCampaign.noNumbers.action')}
          </a>
        }
      />
    );
  }

  const number = g ? numbers.find((n) => n.id === g.numberId) : undefined;
  const chosen = new Set(g?.jids ?? []);
  const setJids = (jids: string[]) => g && onChange({ audience: { ...draft.audience, groups: { numberId: g.numberId, jids } } });
  const toggle = (jid: string, on: boolean) => setJids(on ? [...(g?.jids ?? []), jid] : (g?.jids ?? []).filter((j) => j !== jid));
  const groups = list?.groups ?? [];
  const state = g ? chosenGroups(g, groups) : null;
  const problems = g ? groupAudienceProblems(g, list ? groups : null, numbers.map((n) => n.id), draft.numberIds) : [];

  return (
    <div className="card form-card" data-testid="group-audience">
      <div className="field">
        <label className="field__label" htmlFor="group-audience-number">
          {t('groupCampaign.number')}
        </label>
        <select
          id="group-audience-number"
          value={g && number ? String(g.numberId) : ''}
          onChange={(e) => e.target.value && onChange(toGroupsPatch(draft, Number(e.target.value)))}
          aria-describedby="group-audience-number-help"
        >
          {!g || !number ? <option value="">{t('groupCampaign.number.choose')}</option> : null}
          {candidates.map((n) => (
            <option key={n.id} value={n.id}>
              {n.label}
              {n.phone ? ` (${n.phone})` : ''} — {t(`whatsapp.state.${n.status}` as MessageKey)}
            </option>
          ))}
        </select>
        <p className="field__help" id="group-audience-number-help">
          {t('groupCampaign.number.help')}
        </p>
        {number && number.status !== 'connected' ? <p className="banner banner--warning">{t('groupCampaign.number.offline')}</p> : null}
      </div>

      {g && number ? (
        <>
          <div className="number-groups__bar">
            <button type="button" className="button button--secondary" onClick={() => void refresh()} disabled={refreshing}>
              <RefreshCw size={16} aria-hidden="true" className={refreshing ? 'spin' : undefined} /> {refreshing ? t('groups.refreshing') : t('groups.refresh')}
            </button>
            {error ? (
              <span className="inline-error" role="alert">
                {errorText(error, t('groupCampaign.groups.loadError'))}
              </span>
            ) : null}
          </div>
          {list === null ? (
            <p className="loading" role="status">
              {t('groupCampaign.groups.loading')}
            </p>
          ) : groups.length === 0 && state?.gone.length === 0 ? (
            <p className="field__help" data-testid="group-audience-empty">
              {t('groupCampaign.groups.empty')}
            </p>
          ) : (
            <fieldset className="check-list">
              <legend className="field__label">{t('groupCampaign.groups.legend')}</legend>
              {groups.map((x) => {
                const id = `group-choice-${x.jid.replace(/\W/g, '')}`;
                return (
                  <div key={x.jid} className="check-list__item" data-testid="group-choice">
                    <input type="checkbox" id={id} checked={chosen.has(x.jid)} onChange={(e) => toggle(x.jid, e.target.checked)} aria-describedby={`${id}-info`} />
                    <label htmlFor={id}>{x.subject}</label>
                    <span className="field__help" id={`${id}-info`}>
                      {t('groupCampaign.groups.participants', { n: num(x.size) })}
                      {x.isAdmin ? ` · ${t('groupCampaign.groups.admin')}` : ''}
                      {x.canPost ? null : <span className="inline-warning"> · {t('groupCampaign.groups.adminsOnly')}</span>}
                    </span>
                  </div>
                );
              })}
              {state?.gone.map((jid) => (
                <label key={jid} className="check-list__item">
                  <input type="checkbox" checked onChange={() => toggle(jid, false)} />
                  <span>{t('groupCampaign.groups.gone')}</span>
                </label>
              ))}
            </fieldset>
          )}
          <p className="field__help" role="status" data-testid="group-audience-total">
            {t('groupCampaign.groups.total', { n: g.jids.length })}
          </p>
        </>
      ) : null}

      {problems.length > 0 ? (
        <ul className="inline-error" role="alert" data-testid="group-audience-problems">
          {problems.map((p, i) => (
            <li key={`${p.key}-${i}`}>{t(p.key, p.vars)}</li>
          ))}
        </ul>
      ) : null}
      <p className="field__help">{t('groupCampaign.rules')}</p>
    </div>
  );
}

import { useCallback, useEffect, useId, useState } from 'react';
import { Bot } from 'lucide-react';
import { DEFAULT_ASSISTANT_WINDOW, type AssistantOverview, type AssistantSettings as Settings } from '../../../../shared/api/methods/conversations';
import { api } from '../../api';
import { useNumber, useT, type MessageKey } from '../../i18n';
import { useAppStore } from '../../store/app-store';

const DAYS = [1, 2, 3, 4, 5, 6, 0];

/**
 * Configurações → Assistente de respostas (IA): what the business is (the only facts the
 * assistant may state) and, per number, off / sugerir / automático with its limits and hours;
 * per campaign, the same choice (a campaign's assistant answers its replies in the campaign's
 * own sending window, ahead of the number's).
 */
export function AssistantSettings() {
  const t = useT();
  const num = useNumber();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [data, setData] = useState<AssistantOverview | null>(null);
  const [description, setDescription] = useState('');
  const [neverPromise, setNeverPromise] = useState('');
  const id = useId();

  const load = useCallback(() => {
    api.assistant.overview().then(
      (o) => {
        setData(o);
        setDescription(o.profile.description);
        setNeverPromise(o.profile.neverPromise);
      },
      (err: unknown) => reportError(err),
    );
  }, [reportError]);
  useEffect(load, [load]);

  const saveProfile = async () => {
    try {
      await api.assistant.setProfile({ description, neverPromise });
      notify('success', t('assistant.profile.saved'));
    } catch (err) {
      reportError(err);
    }
  };

  return (
    <section className="card form-card" aria-labelledby={`${id}-title`} data-testid="assistant-settings">
      <h2 className="card__title" id={`${id}-title`}>
        <Bot size={18} aria-hidden="true" /> {t('assistant.title')}
      </h2>
      <p className="field__help">{t('assistant.intro')}</p>
      {data === null ? (
        <p className="loading">{t('common.loading')}</p>
      ) : (
        <>
          <p className="field__help" data-testid="assistant-usage">
            {!data.usage.counted
              ? t('assistant.usage.local')
              : t(data.usage.trial ? 'assistant.usage.trial' : 'assistant.usage', { today: num(data.usage.today), limit: data.usage.limit })}
          </p>
          <label className="field" htmlFor={`${id}-desc`}>
            <span className="field__label">{t('assistant.profile.description')}</span>
            <textarea id={`${id}-desc`} rows={5} maxLength={6000} value={description} onChange={(e) => setDescription(e.target.value)} aria-describedby={`${id}-desc-help`} />
            <span className="field__help" id={`${id}-desc-help`}>
              {t('assistant.profile.description.help')}
            </span>
          </label>
          <label className="field" htmlFor={`${id}-never`}>
            <span className="field__label">{t('assistant.profile.never')}</span>
            <textarea id={`${id}-never`} rows={2} maxLength={2000} value={neverPromise} onChange={(e) => setNeverPromise(e.target.value)} />
          </label>
          <div>
            <button type="button" className="button button--secondary" onClick={() => void saveProfile()}>
              {t('assistant.profile.save')}
            </button>
          </div>
          {data.numbers.length === 0 ? (
            <p className="field__help">{t('assistant.noNumbers')}</p>
          ) : (
            <ul className="assistant-numbers" aria-label={t('assistant.numbers')}>
              {data.numbers.map((n) => (
                <NumberAssistant key={n.id} number={n} hasProfile={data.profile.description.trim().length > 0} onSaved={load} />
              ))}
            </ul>
          )}
          <CampaignAssistants campaigns={data.campaigns} hasProfile={data.profile.description.trim().length > 0} onSaved={load} />
        </>
      )}
    </section>
  );
}

function NumberAssistant(props: { number: AssistantOverview['numbers'][number]; hasProfile: boolean; onSaved(): void }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const id = useId();
  const n = props.number;
  const [s, setS] = useState<Settings>({ ...n.settings, window: n.settings.window ?? DEFAULT_ASSISTANT_WINDOW });
  const window = s.window ?? DEFAULT_ASSISTANT_WINDOW;
  const save = async () => {
    try {
      await api.assistant.setSettings({ scope: { numberId: n.id }, settings: s });
      notify('success', t('assistant.saved', { label: n.label }));
      props.onSaved();
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <li className="card assistant-number" data-testid={`assistant-number-${n.id}`}>
      <fieldset>
        <legend className="field__label">{t('assistant.for', { label: n.label })}</legend>
        <ModeField id={id} value={s.mode} onChange={(mode) => setS({ ...s, mode })} />
        {s.mode === 'auto' ? (
          <>
            <label className="field" htmlFor={`${id}-max`}>
              <span className="field__label">{t('assistant.maxAuto')}</span>
              <input id={`${id}-max`} type="number" min={1} max={20} value={s.maxAuto} onChange={(e) => setS({ ...s, maxAuto: Math.max(1, Math.min(20, Math.floor(Number(e.target.value) || 1))) })} />
            </label>
            <fieldset className="assistant-number__days">
              <legend className="field__label">{t('assistant.window')}</legend>
              {DAYS.map((d) => (
                <label key={d} className="checkbox">
                  <input
                    type="checkbox"
                    checked={window.days.includes(d)}
                    onChange={(e) => setS({ ...s, window: { ...window, days: e.target.checked ? [...window.days, d] : window.days.filter((x) => x !== d) } })}
                  />
                  {t(`wizard.day.${d}` as MessageKey)}
                </label>
              ))}
              <label className="field" htmlFor={`${id}-start`}>
                <span className="field__label">{t('assistant.window.start')}</span>
                <input id={`${id}-start`} type="time" value={window.start} onChange={(e) => setS({ ...s, window: { ...window, start: e.target.value } })} />
              </label>
              <label className="field" htmlFor={`${id}-end`}>
                <span className="field__label">{t('assistant.window.end')}</span>
                <input id={`${id}-end`} type="time" value={window.end === '24:00' ? '23:59' : window.end} onChange={(e) => setS({ ...s, window: { ...window, end: e.target.value } })} />
              </label>
            </fieldset>
          </>
        ) : null}
        {s.mode !== 'off' && !props.hasProfile ? <p className="inline-error">{t('assistant.needsProfile')}</p> : null}
        <button type="button" className="button button--secondary button--small" onClick={() => void save()}>
          {t('assistant.save')}
        </button>
      </fieldset>
    </li>
  );
}

function ModeField(props: { id: string; value: Settings['mode']; onChange(mode: Settings['mode']): void }) {
  const t = useT();
  return (
    <>
      <label className="field" htmlFor={`${props.id}-mode`}>
        <span className="field__label">{t('assistant.mode')}</span>
        <select id={`${props.id}-mode`} value={props.value} onChange={(e) => props.onChange(e.target.value as Settings['mode'])}>
          {(['off', 'suggest', 'auto'] as const).map((m) => (
            <option key={m} value={m}>
              {t(`assistant.mode.${m}` as MessageKey)}
            </option>
          ))}
        </select>
      </label>
      <p className="field__help">{t(`assistant.mode.${props.value}.help` as MessageKey)}</p>
    </>
  );
}

/** The assistant of one campaign at a time: choose the campaign, then off / sugerir / automático. */
function CampaignAssistants(props: { campaigns: AssistantOverview['campaigns']; hasProfile: boolean; onSaved(): void }) {
  const t = useT();
  const id = useId();
  const { campaigns } = props;
  const on = campaigns.filter((c) => c.settings.mode !== 'off');
  const [chosen, setChosen] = useState<number | null>(on[0]?.id ?? campaigns[0]?.id ?? null);
  const campaign = campaigns.find((c) => c.id === chosen) ?? campaigns[0] ?? null;
  return (
    // The card around the fieldset, as for each number: a fieldset card draws its legend on the border.
    <div className="card assistant-number" data-testid="assistant-campaigns">
      <fieldset>
        <legend className="field__label">{t('assistant.campaigns')}</legend>
        <p className="field__help">{t('assistant.campaigns.help')}</p>
        {campaign === null ? (
          <p className="field__help">{t('assistant.campaigns.none')}</p>
        ) : (
          <>
            {on.length ? <p className="field__help">{t('assistant.campaign.on', { names: on.map((c) => c.name).join(', ') })}</p> : null}
            <label className="field" htmlFor={`${id}-campaign`}>
              <span className="field__label">{t('assistant.campaign.choose')}</span>
              <select id={`${id}-campaign`} value={campaign.id} onChange={(e) => setChosen(Number(e.target.value))}>
                {campaigns.map((c) => (
                  <option key={c.id} value={c.id}>
                    {c.name}
                    {c.settings.mode !== 'off' ? ` · ${t(`assistant.mode.${c.settings.mode}` as MessageKey)}` : ''}
                  </option>
                ))}
              </select>
            </label>
            <CampaignAssistant key={campaign.id} campaign={campaign} hasProfile={props.hasProfile} onSaved={props.onSaved} />
          </>
        )}
      </fieldset>
    </div>
  );
}

function CampaignAssistant(props: { campaign: AssistantOverview['campaigns'][number]; hasProfile: boolean; onSaved(): void }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const id = useId();
  const c = props.campaign;
  const [s, setS] = useState<Settings>({ ...c.settings, window: null });
  const label = t('assistant.campaign.for', { name: c.name });
  const save = async () => {
    try {
      await api.assistant.setSettings({ scope: { campaignId: c.id }, settings: { ...s, window: null } });
      notify('success', t('assistant.saved', { label }));
      props.onSaved();
    } catch (err) {
      reportError(err);
    }
  };
  return (
    <div role="group" aria-label={label} className="assistant-campaign" data-testid={`assistant-campaign-${c.id}`}>
      <ModeField id={id} value={s.mode} onChange={(mode) => setS({ ...s, mode })} />
      {s.mode === 'auto' ? (
        <>
          <label className="field" htmlFor={`${id}-max`}>
            <span className="field__label">{t('assistant.maxAuto')}</span>
            <input id={`${id}-max`} type="number" min={1} max={20} value={s.maxAuto} onChange={(e) => setS({ ...s, maxAuto: Math.max(1, Math.min(20, Math.floor(Number(e.target.value) || 1))) })} />
          </label>
          <p className="field__help">{t('assistant.campaign.window')}</p>
        </>
      ) : null}
      {s.mode !== 'off' && !props.hasProfile ? <p className="inline-error">{t('assistant.needsProfile')}</p> : null}
      <button type="button" className="button button--secondary button--small" onClick={() => void save()}>
        {t('assistant.save')}
      </button>
    </div>
  );
}

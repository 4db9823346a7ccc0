import { Field } from '../../components/Field';
import { useT, type MessageKey } from '../../i18n';
import type { CampaignPacing, CampaignSchedule } from '../../../../shared/campaigns/schema';
import type { StepProps } from './types';
import { NumbersSection } from './NumbersSection';
import { BatchPauseFields } from './BatchPauseFields';

const TIME_ZONES = ['America/Sao_Paulo', 'America/Bahia', 'America/Fortaleza', 'America/Recife', 'America/Belem', 'America/Manaus', 'America/Cuiaba', 'America/Porto_Velho', 'America/Rio_Branco', 'America/Noronha'];
const DAYS = [1, 2, 3, 4, 5, 6, 0];

/** datetime-local value in the browser's zone. */
function toLocalInput(ms: number | null): string {
  if (ms === null) return '';
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Step 3: which numbers send, when messages may go out, and how fast. */
export function ScheduleStep({ draft, onChange, numbers }: StepProps) {
  const t = useT();
  const s = draft.schedule;
  const p = draft.pacing;
  const setSchedule = (patch: Partial<CampaignSchedule>) => onChange({ schedule: { ...s, ...patch } });
  const setPacing = (patch: Partial<CampaignPacing>) => onChange({ pacing: { ...p, ...patch } });
  const seconds = (v: string) => Math.max(0, Math.min(3600, Math.round(Number(v) || 0)));
  const zones = TIME_ZONES.includes(s.timeZone) ? TIME_ZONES : [s.timeZone, ...TIME_ZONES];

  return (
    <>
      <NumbersSection draft={draft} onChange={onChange} numbers={numbers} />
      <section className="card form-card" aria-labelledby="wizard-window-title">
        <h3 className="card__title" id="wizard-window-title">
          {t('wizard.schedule.window')}
        </h3>
        <fieldset className="day-picker">
          <legend className="field__label">{t('wizard.schedule.days')}</legend>
          {DAYS.map((d) => (
            <label key={d} className="day-picker__day">
              <input
                type="checkbox"
                checked={s.days.includes(d)}
                onChange={(e) => setSchedule({ days: e.target.checked ? [...s.days, d].sort() : s.days.filter((x) => x !== d) })}
              />
              {t(`wizard.day.${d}` as MessageKey)}
            </label>
          ))}
        </fieldset>
        {s.days.length === 0 ? (
          <p className="inline-error" role="alert">
            {t('wizard.schedule.noDays')}
          </p>
        ) : null}
        <div className="form-row">
          <Field label={t('wizard.schedule.start')}>
            <input type="time" value={s.start} onChange={(e) => e.target.value && setSchedule({ start: e.target.value })} />
          </Field>
          <Field label={t('wizard.schedule.end')}>
            <input type="time" value={s.end === '24:00' ? '23:59' : s.end} onChange={(e) => e.target.value && setSchedule({ end: e.target.value })} />
          </Field>
        </div>
        <Field label={t('wizard.schedule.timeZone')}>
          <select value={s.timeZone} onChange={(e) => setSchedule({ timeZone: e.target.value })}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </Field>
        <div className="toggle-row">
          <input
            type="checkbox"
            id="wizard-holidays"
            checked={s.skipHolidays.national}
            onChange={(e) => setSchedule({ skipHolidays: { ...s.skipHolidays, national: e.target.checked } })}
          />
          <label htmlFor="wizard-holidays" className="field__label">
            {t('wizard.schedule.holidays')}
          </label>
        </div>
        <fieldset className="radio-group">
          <legend className="field__label">{t('wizard.schedule.when')}</legend>
          <label className="radio-group__item">
            <input type="radio" name="wizard-start" checked={s.startAt === null} onChange={() => setSchedule({ startAt: null })} />
            {t('wizard.schedule.now')}
          </label>
          <label className="radio-group__item">
            <input
              type="radio"
              name="wizard-start"
              checked={s.startAt !== null}
              onChange={() => setSchedule({ startAt: Date.now() + 60 * 60 * 1000 })}
            />
            {t('wizard.schedule.at')}
          </label>
          {s.startAt !== null ? (
            <input
              type="datetime-local"
              aria-label={t('wizard.schedule.atLabel')}
              value={toLocalInput(s.startAt)}
              onChange={(e) => {
                const ms = new Date(e.target.value).getTime();
                if (Number.isFinite(ms)) setSchedule({ startAt: ms });
              }}
            />
          ) : null}
        </fieldset>
      </section>

      <section className="card form-card" aria-labelledby="wizard-pacing-title">
        <h3 className="card__title" id="wizard-pacing-title">
          {t('wizard.pacing.title')}
        </h3>
        <p className="field__help">{t('wizard.pacing.help')}</p>
        <div className="form-row">
          <Field label={t('wizard.pacing.min')}>
            <input type="number" min={0} max={3600} value={p.minDelaySec} onChange={(e) => setPacing({ minDelaySec: seconds(e.target.value) })} />
          </Field>
          <Field label={t('wizard.pacing.max')}>
            <input type="number" min={0} max={3600} value={p.maxDelaySec} onChange={(e) => setPacing({ maxDelaySec: seconds(e.target.value) })} />
          </Field>
        </div>
        {p.maxDelaySec < p.minDelaySec ? (
          <p className="inline-error" role="alert">
            {t('wizard.pacing.order')}
          </p>
        ) : null}
        <div className="toggle-row">
          <input type="checkbox" id="wizard-typing" checked={p.typing} onChange={(e) => setPacing({ typing: e.target.checked })} />
          <label htmlFor="wizard-typing" className="field__label">
            {t('wizard.pacing.typing')}
          </label>
        </div>
        <BatchPauseFields pacing={p} onChange={setPacing} />
      </section>
    </>
  );
}

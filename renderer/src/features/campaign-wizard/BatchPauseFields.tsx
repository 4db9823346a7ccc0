import { Field } from '../../components/Field';
import { useT } from '../../i18n';
import type { CampaignPacing } from '../../../../shared/campaigns/schema';
import { batchPauseIncomplete } from './batch-pause';

/** "Pausa a cada N mensagens por M minutos": the engine's batch pause (pacing.batchEvery / batchPauseMinutes). */
export function BatchPauseFields({ pacing, onChange }: { pacing: CampaignPacing; onChange: (patch: Partial<CampaignPacing>) => void }) {
  const t = useT();
  // The schema's bounds: up to 10 000 messages and a day of pause.
  const whole = (v: string, max: number) => Math.max(0, Math.min(max, Math.round(Number(v) || 0)));
  return (
    <fieldset className="batch-pause">
      <legend className="field__label">{t('wizard.batch.legend')}</legend>
      <p className="field__help">{t('wizard.batch.help')}</p>
      <div className="form-row">
        <Field label={t('wizard.batch.every')}>
          <input type="number" min={0} max={10000} value={pacing.batchEvery} onChange={(e) => onChange({ batchEvery: whole(e.target.value, 10000) })} />
        </Field>
        <Field label={t('wizard.batch.minutes')}>
          <input type="number" min={0} max={1440} value={pacing.batchPauseMinutes} onChange={(e) => onChange({ batchPauseMinutes: whole(e.target.value, 1440) })} />
        </Field>
      </div>
      {batchPauseIncomplete(pacing) ? (
        <p className="inline-error" role="alert">
          {t('wizard.batch.incomplete')}
        </p>
      ) : null}
    </fieldset>
  );
}

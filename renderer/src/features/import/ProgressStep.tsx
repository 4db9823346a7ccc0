import type { ImportProgressEvent } from '../../../../shared/api/methods/leads';
import { useNumber, useT } from '../../i18n';

function duration(secs: number): string {
  if (secs < 60) return `${Math.max(1, Math.round(secs))} s`;
  const m = Math.floor(secs / 60);
  const s = Math.round(secs % 60);
  return s ? `${m} min ${s} s` : `${m} min`;
}

/** Step 4: the import running in the core; cancelling writes nothing. */
export function ProgressStep(props: { progress: ImportProgressEvent | null; cancelling: boolean; onCancel(): void }) {
  const t = useT();
  const p = props.progress;
  const percent = Math.floor(p?.percent ?? 0);
  const nf = useNumber();
  return (
    <div className="import-step import-progress">
      <p className="import-progress__phase" aria-live="polite">
        {props.cancelling ? t('import.progress.cancelling') : p?.phase === 'saving' ? t('import.progress.saving') : t('import.progress.reading')}
      </p>
      <progress className="import-progress__bar" max={100} value={percent} aria-label={t('import.progress.label')} aria-valuetext={`${percent}%`} />
      <p className="import-progress__stats">
        <span>{percent}%</span>
        {p ? <span>{t('import.progress.rows', { count: nf(p.rowsRead) })}</span> : null}
        {p && p.rowsPerSecond > 0 ? <span>{t('import.progress.speed', { count: nf(p.rowsPerSecond) })}</span> : null}
        {p && p.etaSeconds !== null && p.etaSeconds > 0 ? <span>{t('import.progress.eta', { time: duration(p.etaSeconds) })}</span> : null}
      </p>
      <p className="field__help">{t('import.progress.help')}</p>
      <div className="form-actions">
        <button type="button" className="button button--secondary" disabled={props.cancelling} onClick={props.onCancel}>
          {t('import.progress.cancel')}
        </button>
      </div>
    </div>
  );
}

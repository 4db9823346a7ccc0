import { useState } from 'react';
import { Gauge } from 'lucide-react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { api } from '../../api';
import { useT } from '../../i18n';
import { useAppStore } from '../../store/app-store';

const toCap = (v: string): number | null => {
  const n = Math.floor(Number(v));
  return v.trim() === '' || !Number.isFinite(n) || n < 1 ? null : n;
};

/** Per-number caps and warm-up: how much this number may send, shared by every campaign on it. */
export function NumberLimits(props: { number: NumberView; onSaved(): void }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const n = props.number;
  const [daily, setDaily] = useState(n.dailyCap?.toString() ?? '');
  const [hourly, setHourly] = useState(n.hourlyCap?.toString() ?? '');
  const [warmup, setWarmup] = useState(n.warmup !== null);
  const [startCap, setStartCap] = useState(String(n.warmup?.startCap ?? 20));
  const [increase, setIncrease] = useState(String(n.warmup?.increasePerDay ?? 10));
  const [saving, setSaving] = useState(false);
  const id = `number-${n.id}-limits`;

  const save = async () => {
    setSaving(true);
    try {
      await api.numbers.update({
        id: n.id,
        dailyCap: toCap(daily),
        hourlyCap: toCap(hourly),
        warmup: warmup ? { startCap: toCap(startCap) ?? 20, increasePerDay: Math.max(0, Math.floor(Number(increase) || 0)), startedAt: n.warmup?.startedAt } : null,
      });
      notify('success', t('numbers.limits.saved'), { subject: id });
      props.onSaved();
    } catch (err) {
      reportError(err, { subject: id });
    } finally {
      setSaving(false);
    }
  };

  return (
    <details className="number-limits">
      <summary>
        <Gauge size={16} aria-hidden="true" /> {t('numbers.limits.title')}
      </summary>
      <p className="field__help">{t('numbers.limits.help')}</p>
      <div className="number-limits__grid">
        <label htmlFor={`${id}-daily`}>{t('numbers.limits.daily')}</label>
        <input id={`${id}-daily`} type="number" min={1} inputMode="numeric" placeholder={t('numbers.limits.none')} value={daily} onChange={(e) => setDaily(e.target.value)} />
        <label htmlFor={`${id}-hourly`}>{t('numbers.limits.hourly')}</label>
        <input id={`${id}-hourly`} type="number" min={1} inputMode="numeric" placeholder={t('numbers.limits.none')} value={hourly} onChange={(e) => setHourly(e.target.value)} />
      </div>
      <div className="toggle-row">
        <input type="checkbox" id={`${id}-warmup`} checked={warmup} onChange={(e) => setWarmup(e.target.checked)} aria-describedby={`${id}-warmup-help`} />
        <div>
          <label htmlFor={`${id}-warmup`} className="field__label">
            {t('numbers.limits.warmup')}
          </label>
          <p className="field__help" id={`${id}-warmup-help`}>
            {t('numbers.limits.warmup.help')}
          </p>
        </div>
      </div>
      {warmup ? (
        <div className="number-limits__grid">
          <label htmlFor={`${id}-start`}>{t('numbers.limits.warmup.start')}</label>
          <input id={`${id}-start`} type="number" min={1} inputMode="numeric" value={startCap} onChange={(e) => setStartCap(e.target.value)} />
          <label htmlFor={`${id}-increase`}>{t('numbers.limits.warmup.increase')}</label>
          <input id={`${id}-increase`} type="number" min={0} inputMode="numeric" value={increase} onChange={(e) => setIncrease(e.target.value)} />
        </div>
      ) : null}
      <button type="button" className="button button--secondary" onClick={() => void save()} disabled={saving}>
        {t('numbers.limits.save')}
      </button>
    </details>
  );
}

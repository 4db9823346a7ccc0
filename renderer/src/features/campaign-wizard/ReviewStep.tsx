import { useMemo } from 'react';
import { AlertCircle } from 'lucide-react';
import { lintTemplate } from '../../../../shared/template/lint';
import { templateMetrics } from '../../../../shared/template/metrics';
import { optOutFooter, optOutLength } from '../../../../shared/template/opt-out';
import { useT, type MessageKey } from '../../i18n';
import { useKnownVariables } from '../messages/use-known-variables';
import type { StepProps } from './types';

/** Step 4: everything at a glance before starting. */
export function ReviewStep({ draft }: StepProps) {
  const t = useT();
  const fields = useKnownVariables(draft.audience.listIds);
  const m = draft.messages;
  const filled = m.variations.filter((v) => v.text.trim() || v.attachment);
  const { combinations, errors } = useMemo(() => {
    const known = fields.map((f) => f.key);
    let combos = 0;
    let errs = 0;
    for (const v of filled) {
      if (v.text.trim()) combos += templateMetrics(v.text).combinations;
      errs += lintTemplate(v.text, { knownVariables: known, reservedLength: optOutLength(m.optOut) }).filter((i) => i.severity === 'error').length;
    }
    return { combinations: combos, errors: errs };
  }, [filled, fields, m.optOut]);
  const s = draft.schedule;
  const days = [1, 2, 3, 4, 5, 6, 0].filter((d) => s.days.includes(d)).map((d) => t(`wizard.day.${d}` as MessageKey));

  return (
    <section className="card form-card" aria-label={t('wizard.step.review')}>
      {errors > 0 || filled.length === 0 ? (
        <div className="banner banner--error" role="alert">
          <AlertCircle size={18} aria-hidden="true" />
          <span>{filled.length === 0 ? t('wizard.review.noMessages') : t('wizard.review.errors', { n: errors })}</span>
        </div>
      ) : null}
      <dl className="facts">
        <dt>{t('wizard.review.name')}</dt>
        <dd>{draft.name}</dd>
        <dt>{t('wizard.review.audience')}</dt>
        <dd>{draft.audience.listIds.length ? t('wizard.review.lists', { n: draft.audience.listIds.length }) : t('wizard.review.noLists')}</dd>
        <dt>{t('wizard.review.messages')}</dt>
        <dd>{t('wizard.review.variations', { n: filled.length, combos: combinations.toLocaleString('pt-BR') })}</dd>
        <dt>{t('wizard.review.attachments')}</dt>
        <dd>{m.variations.filter((v) => v.attachment).length}</dd>
        <dt>{t('wizard.review.optOut')}</dt>
        <dd>{optOutFooter(m.optOut) || t('wizard.review.off')}</dd>
        <dt>{t('wizard.review.window')}</dt>
        <dd>{t('wizard.review.windowValue', { days: days.join(', '), start: s.start, end: s.end, tz: s.timeZone.replace(/_/g, ' ') })}</dd>
        <dt>{t('wizard.review.start')}</dt>
        <dd>{s.startAt === null ? t('wizard.schedule.now') : new Date(s.startAt).toLocaleString('pt-BR')}</dd>
        <dt>{t('wizard.review.pacing')}</dt>
        <dd>{t('wizard.review.pacingValue', { min: draft.pacing.minDelaySec, max: draft.pacing.maxDelaySec })}</dd>
      </dl>
    </section>
  );
}

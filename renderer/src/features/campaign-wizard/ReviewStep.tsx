import { useMemo } from 'react';
import { AlertCircle, CheckCircle2 } from 'lucide-react';
import { templateMetrics } from '../../../../shared/template/metrics';
import { optOutFooter } from '../../../../shared/template/opt-out';
import { useNumber, useT, type MessageKey } from '../../i18n';
import { useDisplayTime } from '../../lib/use-display-time';
import type { StepProps } from './types';
import { CloudCostFacts } from './CloudCostFacts';
import { ReviewGroups } from './ReviewGroups';

/** Step 4: everything at a glance before starting, and what is still missing (blocks Concluir). */
export function ReviewStep({ draft, numbers, problems, goTo, campaignId }: StepProps) {
  const t = useT();
  const num = useNumber();
  const time = useDisplayTime();
  const m = draft.messages;
  const filled = m.variations.filter((v) => v.text.trim() || v.attachment || v.location);
  const combinations = useMemo(() => filled.reduce((n, v) => n + (v.text.trim() ? templateMetrics(v.text).combinations : 0), 0), [filled]);
  const s = draft.schedule;
  const days = [1, 2, 3, 4, 5, 6, 0].filter((d) => s.days.includes(d)).map((d) => t(`wizard.day.${d}` as MessageKey));
  const chosen = (numbers ?? []).filter((n) => draft.numberIds.includes(n.id));
  const stepName = (step: (typeof problems)[number]['step']) => (step === 'name' ? t('wizard.name') : t(`wizard.step.${step}` as MessageKey));

  return (
    <section className="card form-card" aria-label={t('wizard.step.review')}>
      {problems.length > 0 ? (
        <div className="banner banner--error review-missing" role="alert" data-testid="review-missing" tabIndex={-1} id="wizard-review-missing">
          <strong>
            <AlertCircle size={18} aria-hidden="true" /> {t('wizard.review.missing.title')}
          </strong>
          <ul>
            {problems.map((p, i) => (
              <li key={`${p.key}-${i}`}>
                <span>{t(p.key, p.vars)}</span>
                <button type="button" className="button button--secondary button--small" onClick={() => goTo(p.step)}>
                  {t('wizard.review.missing.go', { step: stepName(p.step) })}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="banner banner--success" role="status" data-testid="review-ready">
          <CheckCircle2 size={18} aria-hidden="true" /> {t('wizard.review.ready')}
        </p>
      )}
      <dl className="facts">
        <dt>{t('wizard.review.name')}</dt>
        <dd>{draft.name}</dd>
        <dt>{t('wizard.review.audience')}</dt>
        {draft.audience.groups ? (
          <dd data-testid="review-groups">
            <ReviewGroups draft={draft} numbers={numbers} />
          </dd>
        ) : (
          <dd>
            {draft.audience.listIds.length ? t('wizard.review.lists', { n: draft.audience.listIds.length }) : t('wizard.review.noLists')}
            {draft.audience.tagIds?.length ? ` + ${t('wizard.review.tags', { n: draft.audience.tagIds.length })}` : ''}
          </dd>
        )}
        <dt>{t('wizard.review.messages')}</dt>
        <dd>{t('wizard.review.variations', { n: filled.length, combos: num(combinations) })}</dd>
        <dt>{t('wizard.review.attachments')}</dt>
        <dd>{m.variations.filter((v) => v.attachment || v.location).length}</dd>
        <dt>{t('wizard.review.optOut')}</dt>
        <dd>{draft.audience.groups ? t('groupCampaign.review.optOut') : optOutFooter(m.optOut) || t('wizard.review.off')}</dd>
        <dt>{t('wizard.review.numbers')}</dt>
        <dd data-testid="review-numbers">
          {chosen.length ? (
            <ul className="facts__list">
              {chosen.map((n) => (
                <li key={n.id}>
                  {n.label}{' '}
                  {n.simulated ? <span className="badge number-badge--simulated">{t('numbers.simulated')}</span> : null}{' '}
                  <span className={`badge number-state number-state--${n.status}`}>{t(`whatsapp.state.${n.status}` as MessageKey)}</span>
                </li>
              ))}
            </ul>
          ) : (
            t('wizard.review.noNumbers')
          )}
        </dd>
        <dt>{t('wizard.review.window')}</dt>
        <dd>{t('wizard.review.windowValue', { days: days.join(', '), start: s.start, end: s.end, tz: s.timeZone.replace(/_/g, ' ') })}</dd>
        <dt>{t('wizard.review.start')}</dt>
        <dd>{s.startAt === null ? t('wizard.schedule.now') : time.format(s.startAt, true)}</dd>
        <dt>{t('wizard.review.pacing')}</dt>
        <dd>{t('wizard.review.pacingValue', { min: draft.pacing.minDelaySec, max: draft.pacing.maxDelaySec })}</dd>
        <CloudCostFacts draft={draft} campaignId={campaignId} />
      </dl>
    </section>
  );
}

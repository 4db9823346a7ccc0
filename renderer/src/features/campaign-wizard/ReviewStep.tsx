import { AlertCircle, CheckCircle2 } from 'lucide-react';
import { useT, type MessageKey } from '../../i18n';
import type { StepProps } from './types';
import { CampaignFacts } from './CampaignFacts';

/** Step 4: everything at a glance before starting, and what is still missing (blocks Concluir). */
export function ReviewStep({ draft, numbers, problems, goTo, campaignId }: StepProps) {
  const t = useT();
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
      <CampaignFacts draft={draft} numbers={numbers} campaignId={campaignId} />
    </section>
  );
}

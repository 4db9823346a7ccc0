import { useCallback, useEffect, useRef, useState } from 'react';
import { ArrowLeft, ArrowRight, Check, CircleAlert, Loader2 } from 'lucide-react';
import { api } from '../../api';
import type { Campaign, CampaignDraft } from '../../../../shared/campaigns/schema';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store/app-store';
import { useT, type MessageKey } from '../../i18n';
import { AudienceStep } from './AudienceStep';
import { MessagesStep } from './MessagesStep';
import { ReviewStep } from './ReviewStep';
import { ScheduleStep } from './ScheduleStep';
import { WIZARD_STEPS, type StepProps, type WizardStep } from './types';
import { useAutosave, type SaveStatus } from './use-autosave';
import { NEW_CAMPAIGN_HASH, editCampaignHash, type WizardRoute } from './wizard-route';

const STEP_COMPONENTS: Record<WizardStep, (props: StepProps) => React.JSX.Element> = {
  audience: AudienceStep,
  messages: MessagesStep,
  schedule: ScheduleStep,
  review: ReviewStep,
};

/** Creates a draft and opens it in the wizard ("Nova campanha"). */
export function useCreateCampaign(): { create(): Promise<void>; creating: boolean } {
  const reportError = useAppStore((s) => s.reportError);
  const [creating, setCreating] = useState(false);
  const create = useCallback(async () => {
    setCreating(true);
    try {
      const c = await api.campaigns.create({});
      location.hash = editCampaignHash(c.id);
    } catch (err) {
      reportError(err);
    } finally {
      setCreating(false);
    }
  }, [reportError]);
  return { create, creating };
}

function SaveIndicator({ status }: { status: SaveStatus }) {
  const t = useT();
  switch (status.kind) {
    case 'saved':
      return (
        <span className="save-status save-status--ok">
          <Check size={14} aria-hidden="true" /> {t('wizard.save.saved')}
        </span>
      );
    case 'pending':
    case 'saving':
      return (
        <span className="save-status">
          <Loader2 size={14} className="spin" aria-hidden="true" /> {t('wizard.save.saving')}
        </span>
      );
    case 'invalid':
    case 'error':
      return (
        <span className="save-status save-status--error">
          <CircleAlert size={14} aria-hidden="true" /> {t('wizard.save.failed', { reason: status.message })}
        </span>
      );
  }
}

/** The campaign wizard: 1 Público, 2 Mensagens, 3 Agenda e ritmo, 4 Revisão; autosaved. */
export function CampaignWizardPage({ campaignId }: { campaignId: number }) {
  const t = useT();
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [step, setStep] = useState<WizardStep>('audience');
  const editable = campaign ? campaign.status === 'draft' || campaign.status === 'paused' : false;
  const { status, flush } = useAutosave(campaignId, draft, editable);
  const headingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    setCampaign(null);
    setDraft(null);
    api.campaigns
      .get({ id: campaignId })
      .then((c) => {
        if (!live) return;
        setCampaign(c);
        setDraft(c.draft);
      })
      .catch((err: unknown) => live && setLoadError(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
  }, [campaignId]);

  const onChange = useCallback((patch: Partial<CampaignDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d)), []);
  const go = (next: WizardStep) => {
    setStep(next);
    requestAnimationFrame(() => headingRef.current?.focus());
  };

  if (loadError) {
    return (
      <>
        <PageHeader title={t('wizard.title')} />
        <div className="banner banner--error" role="alert">
          {loadError}
        </div>
        <a href="#/campanhas" className="button button--secondary">
          <ArrowLeft size={16} aria-hidden="true" /> {t('wizard.back')}
        </a>
      </>
    );
  }
  if (!draft || !campaign) return <p className="loading">{t('common.loading')}</p>;

  const index = WIZARD_STEPS.indexOf(step);
  const Step = STEP_COMPONENTS[step];
  return (
    <div className="wizard">
      <a
        href="#/campanhas"
        className="wizard__back"
        onClick={() => {
          void flush();
        }}
      >
        <ArrowLeft size={16} aria-hidden="true" /> {t('wizard.back')}
      </a>
      <PageHeader title={t('wizard.title')} subtitle={t('wizard.subtitle')} actions={<SaveIndicator status={status} />} />
      {!editable ? (
        <div className="banner banner--warning" role="status">
          {t('wizard.notEditable')}
        </div>
      ) : null}
      <div className="field wizard__name">
        <label className="field__label" htmlFor="wizard-name">
          {t('wizard.name')}
        </label>
        <input
          id="wizard-name"
          value={draft.name}
          maxLength={120}
          onChange={(e) => onChange({ name: e.target.value })}
          aria-invalid={!draft.name.trim()}
          aria-describedby="wizard-name-help"
        />
        <p className={draft.name.trim() ? 'field__help' : 'inline-error'} id="wizard-name-help">
          {draft.name.trim() ? t('wizard.name.help') : t('wizard.name.required')}
        </p>
      </div>
      <nav aria-label={t('wizard.steps')}>
        <ol className="stepper">
          {WIZARD_STEPS.map((s, i) => (
            <li key={s} className={`stepper__item${s === step ? ' is-current' : ''}${i < index ? ' is-done' : ''}`}>
              <button type="button" className="stepper__button" aria-current={s === step ? 'step' : undefined} onClick={() => go(s)}>
                <span className="stepper__n" aria-hidden="true">
                  {i + 1}
                </span>
                {t(`wizard.step.${s}` as MessageKey)}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <section className="wizard__step" aria-labelledby="wizard-step-title">
        <h2 className="wizard__step-title" id="wizard-step-title" tabIndex={-1} ref={headingRef}>
          {t('wizard.stepHeading', { n: index + 1, total: WIZARD_STEPS.length, name: t(`wizard.step.${step}` as MessageKey) })}
        </h2>
        <Step draft={draft} onChange={onChange} campaignId={campaignId} />
      </section>
      <div className="wizard__nav">
        <button type="button" className="button button--secondary" disabled={index === 0} onClick={() => go(WIZARD_STEPS[index - 1])}>
          <ArrowLeft size={16} aria-hidden="true" /> {t('wizard.prev')}
        </button>
        {index < WIZARD_STEPS.length - 1 ? (
          <button type="button" className="button button--primary" onClick={() => go(WIZARD_STEPS[index + 1])}>
            {t('wizard.next')} <ArrowRight size={16} aria-hidden="true" />
          </button>
        ) : (
          <a href="#/campanhas" className="button button--primary" onClick={() => void flush()}>
            <Check size={16} aria-hidden="true" /> {t('wizard.finish')}
          </a>
        )}
      </div>
    </div>
  );
}

/** `#/campanhas/nova`: makes a draft, then shows it (replacing the address so Back skips this). */
function NewCampaign() {
  const t = useT();
  const reportError = useAppStore((s) => s.reportError);
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    api.campaigns
      .create({})
      .then((c) => location.replace(editCampaignHash(c.id)))
      .catch((err: unknown) => {
        reportError(err);
        location.replace('#/campanhas');
      });
  }, [reportError]);
  return <p className="loading">{t('wizard.creating')}</p>;
}

/** Whichever wizard screen the address asks for. */
export function CampaignWizard({ route }: { route: WizardRoute }) {
  return route.kind === 'new' ? <NewCampaign /> : <CampaignWizardPage key={route.id} campaignId={route.id} />;
}

export { NEW_CAMPAIGN_HASH };

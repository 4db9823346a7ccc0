import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ArrowLeft, ArrowRight, Check, CircleAlert, Copy, Loader2 } from 'lucide-react';
import { api } from '../../api';
import type { Campaign, CampaignDraft } from '../../../../shared/campaigns/schema';
import { PageHeader } from '../../components/PageHeader';
import { useAppStore } from '../../store/app-store';
import { rawErrorMessage, useT, type MessageKey } from '../../i18n';
import { AudienceStep } from './AudienceStep';
import { MessagesStep } from './MessagesStep';
import { ReviewStep } from './ReviewStep';
import { ScheduleStep } from './ScheduleStep';
import { WIZARD_STEPS, type StepProps, type WizardStep } from './types';
import { useAutosave, type SaveStatus } from './use-autosave';
import { NEW_CAMPAIGN_HASH, editCampaignHash, type WizardRoute } from './wizard-route';
import { useReviewProblems } from './use-review';
import { useNumbers } from '../numbers/use-numbers';
import { campaignDetailHash } from '../campaigns/campaign-route';

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

/** "Duplicar" on a campaign that can no longer be edited: the copy opens in the wizard. */
function DuplicateButton({ campaignId }: { campaignId: number }) {
  const t = useT();
  const notify = useAppStore((s) => s.notify);
  const reportError = useAppStore((s) => s.reportError);
  const [busy, setBusy] = useState(false);
  const duplicate = async () => {
    setBusy(true);
    try {
      const copy = await api.campaigns.clone({ id: campaignId });
      notify('success', t('wizard.duplicated'));
      location.hash = editCampaignHash(copy.id);
    } catch (err) {
      reportError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="button button--primary" disabled={busy} onClick={() => void duplicate()}>
      <Copy size={16} aria-hidden="true" /> {t('wizard.duplicate')}
    </button>
  );
}

/** Why the wizard is read-only, and the way forward: pause a sending campaign, duplicate an ended one. */
function NotEditableBanner({ campaign }: { campaign: Campaign }) {
  const t = useT();
  if (campaign.status === 'cancelled' || campaign.status === 'finished') {
    return (
      <div className="banner banner--warning" role="status" data-testid="wizard-ended">
        <span>{t(campaign.status === 'cancelled' ? 'wizard.ended.cancelled' : 'wizard.ended.finished')}</span>
        <DuplicateButton campaignId={campaign.id} />
      </div>
    );
  }
  return (
    <div className="banner banner--warning" role="status">
      <span>{t('wizard.notEditable')}</span>
      <a className="button button--secondary" href={campaignDetailHash(campaign.id)}>
        {t('wizard.notEditable.open')}
      </a>
    </div>
  );
}

/** The campaign wizard: 1 Público, 2 Mensagens, 3 Números e agenda, 4 Revisão; autosaved. */
export function CampaignWizardPage({ campaignId }: { campaignId: number }) {
  const t = useT();
  const [campaign, setCampaign] = useState<Campaign | null>(null);
  const [draft, setDraft] = useState<CampaignDraft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [step, setStep] = useState<WizardStep>('audience');
  const editable = campaign ? campaign.status === 'draft' || campaign.status === 'paused' : false;
  const { status, flush } = useAutosave(campaignId, draft, editable);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const nameRef = useRef<HTMLInputElement>(null);
  const { numbers } = useNumbers();
  const numberIds = useMemo(() => numbers?.map((n) => n.id) ?? null, [numbers]);
  const problems = useReviewProblems(draft, numberIds);
  const preselected = useRef(false);

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
      .catch((err: unknown) => live && setLoadError(rawErrorMessage(err)));
    return () => {
      live = false;
    };
  }, [campaignId]);

  const onChange = useCallback((patch: Partial<CampaignDraft>) => setDraft((d) => (d ? { ...d, ...patch } : d)), []);

  // With exactly one connected number there is nothing to choose: it sends (once per visit, so
  // unticking it sticks).
  useEffect(() => {
    if (preselected.current || !draft || !numbers || !editable) return;
    preselected.current = true;
    if (draft.numberIds.length > 0) return;
    const connected = numbers.filter((n) => n.status === 'connected' && !n.flagged);
    if (connected.length === 1) onChange({ numberIds: [connected[0].id] });
  }, [draft, numbers, editable, onChange]);

  const go = (next: WizardStep | 'name') => {
    if (next === 'name') {
      nameRef.current?.focus();
      return;
    }
    setStep(next);
    requestAnimationFrame(() => headingRef.current?.focus());
  };
  const finish = async () => {
    if (editable && problems.length > 0) {
      // Concluir waits until the review has nothing missing; show what is.
      setStep('review');
      requestAnimationFrame(() => document.getElementById('wizard-review-missing')?.focus());
      return;
    }
    await flush();
    location.hash = campaignDetailHash(campaignId);
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
      {!editable ? <NotEditableBanner campaign={campaign} /> : null}
      <div className="field wizard__name">
        <label className="field__label" htmlFor="wizard-name">
          {t('wizard.name')}
        </label>
        <input
          id="wizard-name"
          ref={nameRef}
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
        <Step draft={draft} onChange={onChange} campaignId={campaignId} numbers={numbers} problems={editable ? problems : []} goTo={go} />
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
          <>
            {editable && problems.length > 0 ? (
              <p className="wizard__finish-hint" id="wizard-finish-hint">
                {t('wizard.finish.blocked')}
              </p>
            ) : null}
            <button
              type="button"
              className="button button--primary"
              aria-disabled={editable && problems.length > 0 ? true : undefined}
              aria-describedby={editable && problems.length > 0 ? 'wizard-finish-hint' : undefined}
              onClick={() => void finish()}
            >
              <Check size={16} aria-hidden="true" /> {t('wizard.finish')}
            </button>
          </>
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

import { FlaskConical, Smartphone } from 'lucide-react';
import type { NumberView } from '../../../../shared/api/methods/numbers';
import { EmptyState } from '../../components/EmptyState';
import { useT, type MessageKey } from '../../i18n';
import type { StepProps } from './types';

/** "Números que enviam": which numbers send the campaign, with each one's state and today's sends. */
export function NumbersSection({ draft, onChange, numbers }: Pick<StepProps, 'draft' | 'onChange' | 'numbers'>) {
  const t = useT();
  if (numbers === null) {
    return (
      <section className="card form-card" aria-labelledby="wizard-numbers-title">
        <h3 className="card__title" id="wizard-numbers-title">
          {t('wizard.numbers.title')}
        </h3>
        <p className="loading" role="status">
          {t('wizard.numbers.loading')}
        </p>
      </section>
    );
  }
  if (numbers.length === 0) {
    return (
      <section className="card form-card" aria-labelledby="wizard-numbers-title">
        <h3 className="card__title" id="wizard-numbers-title">
          {t('wizard.numbers.title')}
        </h3>
        <EmptyState
          icon={Smartphone}
          testId="wizard-numbers-empty"
          title={t('wizard.numbers.empty.title')}
          body={t('wizard.numbers.empty.body')}
          actions={
            <a className="button button--secondary" href="#/numeros">
              {t('wizard.numbers.empty.action')}
            </a>
          }
        />
      </section>
    );
  }
  const groups = draft.audience.groups;
  if (groups) {
    // A campaign to groups sends through the number that is in them (chosen at step 1).
    const n = numbers.find((x) => x.id === groups.numberId);
    return (
      <section className="card form-card" aria-labelledby="wizard-numbers-title" data-testid="wizard-numbers">
        <h3 className="card__title" id="wizard-numbers-title">
          {t('wizard.numbers.title')}
        </h3>
        {n ? (
          <>
            <p>{t('groupCampaign.numbers.fixed', { label: n.label })}</p>
            <NumberChoice number={n} checked disabled onToggle={() => undefined} />
          </>
        ) : (
          <p className="inline-error" role="alert">
            {t('groupCampaign.numbers.missing')}
          </p>
        )}
      </section>
    );
  }
  if (draft.channel === 'cloud') {
    // An official-API campaign sends through the number of its approved template (step Mensagens).
    const n = numbers.find((x) => x.id === draft.cloudTemplate?.numberId);
    return (
      <section className="card form-card" aria-labelledby="wizard-numbers-title" data-testid="wizard-numbers">
        <h3 className="card__title" id="wizard-numbers-title">
          {t('wizard.numbers.title')}
        </h3>
        {n ? (
          <>
            <p>{t('wizard.numbers.cloudFixed', { label: n.label })}</p>
            <NumberChoice number={n} checked disabled onToggle={() => undefined} />
          </>
        ) : (
          <p className="inline-error" role="alert">
            {t('wizard.numbers.cloudNone')}
          </p>
        )}
      </section>
    );
  }
  // Official-API numbers send only approved templates: a WhatsApp Web campaign cannot use them.
  const sendsText = (n: NumberView) => n.kind !== 'cloud';
  const chosen = new Set(draft.numberIds.filter((id) => numbers.some((n) => n.id === id && sendsText(n))));
  const toggle = (id: number, on: boolean) => {
    const next = numbers.filter(sendsText).map((n) => n.id).filter((x) => (x === id ? on : chosen.has(x)));
    onChange({ numberIds: next });
  };
  const offline = chosen.size > 0 && !numbers.some((n) => chosen.has(n.id) && n.status === 'connected' && !n.flagged);
  return (
    <section className="card form-card" aria-labelledby="wizard-numbers-title" data-testid="wizard-numbers">
      <h3 className="card__title" id="wizard-numbers-title">
        {t('wizard.numbers.title')}
      </h3>
      <fieldset className="check-list" aria-describedby="wizard-numbers-help wizard-numbers-problem">
        <legend className="visually-hidden">{t('wizard.numbers.title')}</legend>
        {numbers.map((n) => (
          <NumberChoice key={n.id} number={n} checked={chosen.has(n.id)} disabled={!sendsText(n)} note={sendsText(n) ? undefined : t('wizard.numbers.cloudTemplatesOnly')} onToggle={(on) => toggle(n.id, on)} />
        ))}
      </fieldset>
      <p className="field__help" id="wizard-numbers-help">
        {t('wizard.numbers.help')}
      </p>
      {chosen.size === 0 ? (
        <p className="inline-error" role="alert" id="wizard-numbers-problem">
          {t('wizard.numbers.none')}
        </p>
      ) : offline ? (
        <p className="banner banner--warning" role="status" id="wizard-numbers-problem">
          {t('wizard.numbers.offline')}
        </p>
      ) : null}
    </section>
  );
}

function NumberChoice(props: { number: NumberView; checked: boolean; disabled?: boolean; note?: string; onToggle(on: boolean): void }) {
  const t = useT();
  const n = props.number;
  const id = `wizard-number-${n.id}`;
  return (
    <div className="number-choice" data-testid={`wizard-number-${n.id}`}>
      <input type="checkbox" id={id} checked={props.checked} disabled={props.disabled} onChange={(e) => props.onToggle(e.target.checked)} aria-describedby={`${id}-info`} />
      <label htmlFor={id} className="number-choice__label">
        {n.label}
        {n.phone ? <span className="number-choice__phone"> {n.phone}</span> : null}
      </label>
      <span className="number-choice__info" id={`${id}-info`}>
        {n.simulated ? (
          <span className="badge number-badge--simulated" title={t('numbers.simulated.help')}>
            <FlaskConical size={12} aria-hidden="true" /> {t('numbers.simulated')}
          </span>
        ) : null}
        <span className={`badge number-state number-state--${n.status}`}>{t(`whatsapp.state.${n.status}` as MessageKey)}</span>
        {n.flagged ? <span className="badge badge--invalid">{t('wizard.numbers.flagged')}</span> : null}
        {props.note ? <span className="number-choice__note">{props.note}</span> : null}
        <span className="number-choice__today">{n.today.cap !== null ? t('wizard.numbers.todayCap', { sent: n.today.sent, cap: n.today.cap }) : t('wizard.numbers.today', { sent: n.today.sent })}</span>
      </span>
    </div>
  );
}

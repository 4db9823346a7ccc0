import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { parseReais } from '../../../../shared/results/money';
import { useT, type MessageKey } from '../../i18n';
import { useReturnFocus } from '../../components/return-focus';

/** Asks the deal's value (optional) before "negócio fechado" is recorded. */
function DealValueDialog(props: { title: string; onClose(result: { valueCents: number | null } | null): void }) {
  const t = useT();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const inputId = useId();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  useReturnFocus(true);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);
  const save = () => {
    const parsed = parseReais(value);
    if (!parsed.ok) {
      setError(t(`deals.value.error.${parsed.code}` as MessageKey));
      return;
    }
    props.onClose({ valueCents: parsed.cents });
  };
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose(null);
      }}
    >
      <h2 id={titleId} className="confirm-dialog__title">
        {props.title}
      </h2>
      <form
        className="confirm-dialog__body"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label className="field" htmlFor={inputId}>
          <span className="field__label">{t('deals.value.label')}</span>
          <input
            id={inputId}
            className="input"
            inputMode="decimal"
            autoFocus
            placeholder={t('deals.value.placeholder')}
            value={value}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${inputId}-help`}
            onChange={(e) => setValue(e.target.value)}
          />
          <span className="field__help" id={`${inputId}-help`}>
            {t('deals.value.help')}
          </span>
        </label>
        {error ? (
          <p className="inline-error" role="alert">
            {error}
          </p>
        ) : null}
        <div className="confirm-dialog__actions">
          <button type="button" className="button button--secondary" onClick={() => props.onClose(null)}>
            {t('confirm.cancel')}
          </button>
          <button type="submit" className="button button--primary">
            {t('deals.value.save')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

/** `const [askValue, dialog] = useDealValue()`; `await askValue()` is null when cancelled. */
export function useDealValue(): [(title?: string) => Promise<{ valueCents: number | null } | null>, ReactNode] {
  const t = useT();
  const [state, setState] = useState<{ title: string; resolve(r: { valueCents: number | null } | null): void } | null>(null);
  const ask = useCallback((title?: string) => new Promise<{ valueCents: number | null } | null>((resolve) => setState({ title: title ?? t('deals.value.title'), resolve })), [t]);
  const element = state ? (
    <DealValueDialog
      title={state.title}
      onClose={(r) => {
        state.resolve(r);
        setState(null);
      }}
    />
  ) : null;
  return [ask, element];
}

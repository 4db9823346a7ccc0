import { useId } from 'react';
import { CheckCircle2 } from 'lucide-react';
import { formatKeyAsTyped, keySymbolsMissing, validateKeyFormat } from '../../../../shared/license/key-format';
import { useT, type MessageKey } from '../../i18n';

/** What to tell the buyer about the key typed so far (null: nothing yet). */
export function keyFeedback(value: string): { kind: 'ok' | 'progress' | 'error'; key: MessageKey; n?: number } | null {
  if (!value.trim()) return null;
  const result = validateKeyFormat(value);
  if (result.ok) return { kind: 'ok', key: 'license.key.ok' };
  const n = keySymbolsMissing(value);
  if (result.reason === 'length' && n > 0) {
    return { kind: 'progress', key: n === 1 ? 'license.key.remainingOne' : 'license.key.remaining', n };
  }
  return { kind: 'error', key: `license.key.error.${result.reason}` as MessageKey };
}

/** License key box: groups the key as it is typed and checks it (typos included) before any request. */
export function KeyInput(props: { value: string; onChange(value: string): void; onSubmit?(): void; autoFocus?: boolean; disabled?: boolean }) {
  const t = useT();
  const id = useId();
  const feedback = keyFeedback(props.value);
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {t('license.key')}
      </label>
      <input
        id={id}
        className="license-key-input"
        value={props.value}
        placeholder={t('license.key.placeholder')}
        autoComplete="off"
        autoCapitalize="characters"
        spellCheck={false}
        autoFocus={props.autoFocus}
        disabled={props.disabled}
        maxLength={64}
        aria-describedby={`${id}-help ${id}-feedback`}
        aria-invalid={feedback?.kind === 'error' ? true : undefined}
        onChange={(e) => props.onChange(formatKeyAsTyped(e.target.value))}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && feedback?.kind === 'ok') props.onSubmit?.();
        }}
      />
      <p className="field__help" id={`${id}-help`}>
        {t('license.key.help')}
      </p>
      <p id={`${id}-feedback`} className={`license-key-feedback license-key-feedback--${feedback?.kind ?? 'none'}`} role="status" aria-live="polite">
        {feedback?.kind === 'ok' ? <CheckCircle2 size={16} aria-hidden="true" /> : null}
        {feedback ? t(feedback.key, feedback.n !== undefined ? { n: feedback.n } : undefined) : ''}
      </p>
    </div>
  );
}
